// Package psaintegration is the emulator's room for the PSA Integration API (every
// /partner/v1/psa/... operation of apiserver.ServerInterface): one file per resource of
// the API, each with the generated interface's method (which only hands the request to
// web.API.Serve) and the handler that returns its reply. The lookups and steps the console
// shares with the API (a customer or product mapping, a product, company or contract of the
// PSA, connecting and disconnecting, the schedule) are exported for the admin room.
package psaintegration

import (
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// Room serves the PSA Integration API.
type Room struct {
	api *web.API
}

// New is the room answering through a.
func New(a *web.API) *Room { return &Room{api: a} }

func ptr[T any](v T) *T { return &v }

// reply is the answer with an object and the ETag of its version, or err.
func reply(body any, version int64, err error) (web.Reply, error) {
	if err != nil {
		return web.Reply{}, err
	}
	return web.OK(body).WithETag(version), nil
}

// render renders every item of a list with f.
func render[T, U any](items []T, f func(T) U) []U {
	out := make([]U, 0, len(items))
	for _, it := range items {
		out = append(out, f(it))
	}
	return out
}
