package connectwise

import (
	"net/http"

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// The ConnectWise room serves ConnectWise PSA's REST API over the emulator's database, so
// what the PSA Integration room shows of ConnectWise (catalog products, companies,
// agreements) is what this room serves, and the other way round. Paths, JSON names, paging,
// errors and auth are ConnectWise's (internal/api/connectwise declares them): the unauthenticated
// codebase discovery at /login/companyinfo/{companyId}, and the API under
// /{codebase}apis/3.0 with the on-premise codebase v4_6_release/, Basic authentication of an
// API member's keys and a clientId header on every call (auth.go), and errors in
// ConnectWise's two shapes (errors.go).

// APIPrefix is where the API is served: /v4_6_release/apis/3.0.
const APIPrefix = "/" + cw.DefaultCodebase + cw.APIRoot

// Room serves the ConnectWise PSA REST API.
type Room struct {
	api    *web.API
	routes *http.ServeMux
}

// New is the room over st, answering with now's clock and logging to a's log; a's error
// renderer is replaced by ConnectWise's.
func New(a web.API) *Room {
	a.Errors = Errors
	rm := &Room{api: &a, routes: http.NewServeMux()}
	rm.handle("GET "+cw.CompanyInfoPath+"{companyId}", rm.companyInfo)
	rm.routes.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		rm.api.WriteError(w, r, notFound("no ConnectWise API route %s %s in this emulator; see internal/emulator/README.md for the routes it serves", r.Method, r.URL.Path))
	})
	return rm
}

// Prefixes are the path prefixes the room answers.
func (rm *Room) Prefixes() []string { return []string{cw.CompanyInfoPath, APIPrefix + "/"} }

// API is how the room answers: its store, clock and ConnectWise's error shape.
func (rm *Room) API() *web.API { return rm.api }

// Routes are the room's routes (the request counters key on their patterns).
func (rm *Room) Routes() *http.ServeMux { return rm.routes }

// handle serves pattern (METHOD /path, below APIPrefix unless it is companyinfo) with h.
func (rm *Room) handle(pattern string, h func(r *http.Request, q store.Q) (web.Reply, error)) {
	rm.routes.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) { return h(r, q) })
	})
}
