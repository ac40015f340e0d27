package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// Message texts of sophos_psa_usage_sync_schedule.

func scheduleObject(psa api.Psa) string { return "the usage-sync schedule of " + psa.DisplayName() }

// scheduleAPIError words an API error about a usage-sync schedule.
func (r *psaUsageSyncScheduleResource) scheduleAPIError(verb string, psa api.Psa, err error) diag.Diagnostic {
	whatToDo := ""
	if client.IsConflict(err) {
		whatToDo = fmt.Sprintf("%s must be connected to have a schedule. Connect it with sophos_psa_integration and reference that "+
			"resource (psa = sophos_psa_integration.<name>.id) so that Terraform connects it first.", psa.DisplayName())
	}
	return r.apiError(verb, "usage-sync schedule", scheduleObject(psa), err, whatToDo)
}

// scheduleSetOutsideDetail explains why create refuses a schedule changed in the console.
func scheduleSetOutsideDetail(s *api.UsageSyncSchedule) string {
	current := string(s.UsageSyncSchedule)
	if s.DayOfMonth != nil {
		current += fmt.Sprintf(" on day %d", *s.DayOfMonth)
	}
	return fmt.Sprintf("The usage-sync schedule of %s was set to %q outside Terraform. Terraform does not take it over silently: "+
		"import it (an import block with id = %q, or terraform import <address> %s) and then change it.", s.Psa.DisplayName(), current, s.Psa, s.Psa)
}
