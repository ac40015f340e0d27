package connectwise

import (
	"net/http"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// Codebase discovery: GET /login/companyinfo/{companyId}, unauthenticated. A company some
// API member logs in to is answered with the on-premise codebase (the one path the room
// serves); any other with null, as ConnectWise answers.

// VersionNumber is the server version companyinfo reports.
const VersionNumber = "v4.6.2025.1"

func (rm *Room) companyInfo(r *http.Request, q store.Q) (web.Reply, error) {
	company := r.PathValue("companyId")
	users, err := q.APIUsersOfPSA(r.Context(), api.PsaConnectwise)
	if err != nil {
		return web.Reply{}, err
	}
	for _, u := range users {
		if !strings.EqualFold(u.Settings.CompanyID, company) {
			continue
		}
		name, err := q.PartnerName(r.Context(), u.PartnerID)
		if err != nil {
			return web.Reply{}, err
		}
		return web.OK(cw.CompanyInfo{CompanyName: name, Codebase: cw.DefaultCodebase, VersionCode: "v" + cw.APIVersion,
			VersionNumber: VersionNumber, CompanyID: u.Settings.CompanyID, IsCloud: "False", SiteURL: r.Host}), nil
	}
	return web.Reply{Status: http.StatusOK, Body: nullBody{}}, nil
}

// nullBody encodes as JSON null.
type nullBody struct{}

func (nullBody) MarshalJSON() ([]byte, error) { return []byte("null"), nil }
