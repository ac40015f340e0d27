package store

import (
	"database/sql"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Who last wrote an object (the contract's updatedBy), as the updated_by columns of the
// mapping and product tables store it: "console", "apiClient:<client id>", or NULL for an
// object never written through Sophos Central (a product made in the PSA).

// Writer is who writes an object; the zero value is nobody through Sophos Central.
type Writer struct{ stored string }

// Console is someone in the Sophos Central Partner console (the admin API, the seed).
var Console = Writer{stored: "console"}

// APIClient is the API client authenticated with clientID.
func APIClient(clientID string) Writer { return Writer{stored: "apiClient:" + clientID} }

// value is the column value: NULL for nobody.
func (w Writer) value() sql.NullString { return nullIfEmpty(w.stored) }

// changedBy renders a stored writer as the contract's updatedBy; nil for nobody.
func changedBy(s sql.NullString) *api.ChangedBy {
	switch {
	case !s.Valid || s.String == "":
		return nil
	case s.String == Console.stored:
		return &api.ChangedBy{Type: api.ChangedByTypeConsole}
	}
	id := strings.TrimPrefix(s.String, "apiClient:")
	return &api.ChangedBy{Type: api.ChangedByTypeApiClient, ClientId: &id}
}
