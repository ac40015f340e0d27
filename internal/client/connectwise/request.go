package connectwise

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp"
)

// call is one API request below the API root.
type call struct {
	method string
	// path is below the API root, its segments already escaped.
	path  string
	query url.Values
	body  any
	// endpoint keys the concurrency limit: the collection's path.
	endpoint string
	header   http.Header
}

// send performs cl and returns the answer when its status is one of ok; any other status
// becomes the typed error.
func (c *Client) send(ctx context.Context, cl call, ok ...int) (*psahttp.Response, error) {
	base, err := c.Base(ctx)
	if err != nil {
		return nil, err
	}
	return c.sendTo(ctx, psahttp.JoinURL(base, cl.path, cl.query), cl, ok...)
}

// sendTo performs cl at u, a URL on the API's host.
func (c *Client) sendTo(ctx context.Context, u *url.URL, cl call, ok ...int) (*psahttp.Response, error) {
	h := http.Header{}
	for k, v := range cl.header {
		h[k] = v
	}
	h.Set("Authorization", c.auth)
	h.Set(cw.ClientIDHeader, c.cfg.ClientID)
	h.Set("Accept", cw.AcceptHeader)
	req := &psahttp.Request{Method: cl.method, URL: u, Header: h, Endpoint: cl.endpoint,
		// Reads, and a DELETE (a repeat finds the record gone), may be repeated after a
		// failure; a POST or PATCH that may have been applied is not.
		Idempotent: cl.method == http.MethodGet || cl.method == http.MethodDelete}
	if cl.body != nil {
		b, err := json.Marshal(cl.body)
		if err != nil {
			return nil, fmt.Errorf("encoding %s %s: %w", cl.method, cl.path, err)
		}
		req.Body = b
		h.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	for _, s := range ok {
		if resp.Status == s {
			return resp, nil
		}
	}
	return nil, c.decodeError(req, resp)
}

// decode reads a success's JSON body into out.
func decode(cl call, resp *psahttp.Response, out any) error {
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return &ResponseError{Method: cl.method, Path: cl.path, StatusCode: resp.Status, Problem: "its body is not the JSON expected: " + err.Error()}
	}
	return nil
}

// get reads one record.
func get[T any](ctx context.Context, c *Client, collection string, id int) (*T, error) {
	cl := call{method: http.MethodGet, path: itemPath(collection, id), endpoint: collection}
	resp, err := c.send(ctx, cl, http.StatusOK)
	if err != nil {
		return nil, err
	}
	var out T
	if err := decode(cl, resp, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// count answers how many records of collection meet cond.
func (c *Client) count(ctx context.Context, collection string, cond Condition) (int, error) {
	q := url.Values{}
	if !cond.IsZero() {
		q.Set(cw.QueryConditions, cond.String())
	}
	cl := call{method: http.MethodGet, path: strings.TrimRight(collection, "/") + cw.PathCount, query: q, endpoint: collection}
	resp, err := c.send(ctx, cl, http.StatusOK)
	if err != nil {
		return 0, err
	}
	var out cw.Count
	if err := decode(cl, resp, &out); err != nil {
		return 0, err
	}
	return out.Count, nil
}

// create POSTs a record and returns what ConnectWise made of it (201).
func create[T any](ctx context.Context, c *Client, collection string, in T) (*T, error) {
	cl := call{method: http.MethodPost, path: collection, body: in, endpoint: collection}
	resp, err := c.send(ctx, cl, http.StatusCreated, http.StatusOK)
	if err != nil {
		return nil, err
	}
	var out T
	if err := decode(cl, resp, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// patch sends a JSON Patch of a record and returns the updated record (200).
func patch[T any](ctx context.Context, c *Client, collection string, id int, ops []cw.PatchOperation) (*T, error) {
	if len(ops) == 0 {
		return nil, errNoOps
	}
	cl := call{method: http.MethodPatch, path: itemPath(collection, id), body: ops, endpoint: collection}
	resp, err := c.send(ctx, cl, http.StatusOK)
	if err != nil {
		return nil, err
	}
	var out T
	if err := decode(cl, resp, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func itemPath(collection string, id int) string {
	return strings.TrimRight(collection, "/") + "/" + strconv.Itoa(id)
}

func escapeSegment(s string) string { return url.PathEscape(s) }
