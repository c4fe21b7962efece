// Package webtest is a small browser-like HTTP client for handler tests: it keeps cookies, does not follow
// redirects (tests check Location), and posts forms with the headers a browser sends on a same-origin form.
package webtest

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/textproto"
	"net/url"
	"strings"
	"testing"
)

// Client is one browser: one cookie jar.
type Client struct {
	t    testing.TB
	Base string
	HTTP *http.Client
	// Header is added to every request (for example a fixed X-Forwarded-For is not used: tests vary
	// RemoteAddr through separate servers instead).
	Header http.Header
}

// Response is a fully read response.
type Response struct {
	Status   int
	Header   http.Header
	Body     string
	Location string
}

// NewClient returns a client for the server at base (an httptest.Server URL).
func NewClient(t testing.TB, base string) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{
		t:    t,
		Base: strings.TrimSuffix(base, "/"),
		HTTP: &http.Client{
			Jar:           jar,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		Header: http.Header{},
	}
}

// Do sends req and reads the whole response.
func (c *Client) Do(req *http.Request) *Response {
	c.t.Helper()
	for k, v := range c.Header {
		req.Header[k] = v
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("%s %s: read body: %v", req.Method, req.URL.Path, err)
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: string(b), Location: resp.Header.Get("Location")}
}

// Get fetches path.
func (c *Client) Get(path string) *Response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.Base+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

// sameOrigin marks req as a browser does for a form on our own pages.
func (c *Client) sameOrigin(req *http.Request) {
	req.Header.Set("Origin", c.Base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
}

// PostForm posts an application/x-www-form-urlencoded form from one of our own pages.
func (c *Client) PostForm(path string, form url.Values) *Response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.Base+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	c.sameOrigin(req)
	return c.Do(req)
}

// File is one file input's upload.
type File struct {
	Field       string
	Name        string
	ContentType string // what the browser claims; the server must not trust it
	Content     []byte
}

// PostMultipart posts a multipart/form-data form with files, as a browser does for an upload form.
func (c *Client) PostMultipart(path string, form url.Values, files ...File) *Response {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		h := make(textproto.MIMEHeader)
		h.Set("Content-Disposition", `form-data; name="`+f.Field+`"; filename="`+f.Name+`"`)
		ct := f.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		h.Set("Content-Type", ct)
		w, err := mw.CreatePart(h)
		if err != nil {
			c.t.Fatal(err)
		}
		_, _ = w.Write(f.Content)
	}
	_ = mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.Base+path, &buf)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	c.sameOrigin(req)
	return c.Do(req)
}

// Values is shorthand for url.Values from pairs: Values("a", "1", "b", "2").
func Values(pairs ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Add(pairs[i], pairs[i+1])
	}
	return v
}
