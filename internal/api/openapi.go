package api

import (
	_ "embed"
	"encoding/json"
)

//go:embed openapi.json
var openAPI []byte

// Document is the OpenAPI 3.1 document of the API with base (BASE_URL) as its server. The document is
// written by hand next to the code it describes; a test checks it against the routes both ways.
func Document(base string) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		return nil, err
	}
	doc["servers"] = []map[string]string{{"url": base, "description": "Portal Regsosek"}}
	return json.MarshalIndent(doc, "", "  ")
}
