package config

import (
	"errors"
	"net/url"
	"strconv"
	"time"
)

// Sepakat adapters.
const (
	SepakatRegistry = "registry"
	SepakatHTTP     = "http"
)

// Sepakat configures how Sepakat accounts are provisioned (Tahap 6). The built-in registry keeps them in
// the portal's database; the HTTP adapter calls a Sepakat provisioning API.
type Sepakat struct {
	Adapter string        // SEPAKAT_ADAPTER: "registry" (default) or "http"
	APIURL  *url.URL      // SEPAKAT_API_URL, for http
	Token   string        // SEPAKAT_API_TOKEN, the bearer token, for http
	Timeout time.Duration // SEPAKAT_API_TIMEOUT, per request (default 15s)
	Retries int           // SEPAKAT_API_RETRIES, retries of a 5xx/429/network failure within one job run (default 3)
	Backoff time.Duration // SEPAKAT_API_BACKOFF, the first wait between retries, doubling (default 500ms)
}

func loadSepakat(get func(name, def string) string, production bool) (Sepakat, error) {
	s := Sepakat{Adapter: get("SEPAKAT_ADAPTER", SepakatRegistry), Token: get("SEPAKAT_API_TOKEN", "")}
	var errs []error
	var err error
	if s.Timeout, err = time.ParseDuration(get("SEPAKAT_API_TIMEOUT", "15s")); err != nil || s.Timeout <= 0 {
		errs = append(errs, errors.New("SEPAKAT_API_TIMEOUT must be a duration such as 15s"))
	}
	if s.Backoff, err = time.ParseDuration(get("SEPAKAT_API_BACKOFF", "500ms")); err != nil || s.Backoff <= 0 {
		errs = append(errs, errors.New("SEPAKAT_API_BACKOFF must be a duration such as 500ms"))
	}
	if s.Retries, err = strconv.Atoi(get("SEPAKAT_API_RETRIES", "3")); err != nil || s.Retries < 0 || s.Retries > 10 {
		errs = append(errs, errors.New("SEPAKAT_API_RETRIES must be a number from 0 to 10"))
	}
	switch s.Adapter {
	case SepakatRegistry:
	case SepakatHTTP:
		u, err := url.Parse(get("SEPAKAT_API_URL", ""))
		switch {
		case err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https"):
			errs = append(errs, errors.New("SEPAKAT_API_URL must be the absolute URL of the Sepakat provisioning API when SEPAKAT_ADAPTER=http"))
		case production && u.Scheme != "https":
			errs = append(errs, errors.New("SEPAKAT_API_URL must use https in production"))
		default:
			s.APIURL = u
		}
		if s.Token == "" {
			errs = append(errs, errors.New("SEPAKAT_API_TOKEN is required when SEPAKAT_ADAPTER=http"))
		}
	default:
		errs = append(errs, errors.New("SEPAKAT_ADAPTER must be registry or http"))
	}
	return s, errors.Join(errs...)
}
