package rules

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// IntegrationFields says how the caller names the fields of a PSA connection and its
// usage-sync schedule: the API's JSON names for the emulator, Terraform's attribute paths
// for the provider.
type IntegrationFields struct {
	// ConnectWise, Autotask name the objects holding each PSA's credentials.
	ConnectWise, Autotask string
	// Site ... ClientID are ConnectWise fields; UserName, Secret, IntegrationCode Autotask's.
	Site, CompanyID, PublicKey, PrivateKey, ClientID string
	UserName, Secret, IntegrationCode                string
	Schedule, DayOfMonth                             string
}

// APIIntegrationFields are the API's own names, for the emulator's answers.
func APIIntegrationFields() IntegrationFields {
	return IntegrationFields{
		ConnectWise: "connectwise", Autotask: "autotask",
		Site: "connectwise.site", CompanyID: "connectwise.companyId", PublicKey: "connectwise.publicKey",
		PrivateKey: "connectwise.privateKey", ClientID: "connectwise.clientId",
		UserName: "autotask.userName", Secret: "autotask.secret", IntegrationCode: "autotask.integrationCode",
		Schedule: "usageSyncSchedule", DayOfMonth: "dayOfMonth",
	}
}

// CheckIntegrationInput applies the rules a PSA connection's credentials break on their
// own, before the PSA is asked: the object of the PSA is given and the other is not; every
// field is given, within its limit and without surrounding white space (a pasted key with a
// trailing space or newline is the classic failed connection); a ConnectWise site is a
// host name and its client id a GUID. Secrets are never quoted in messages.
func CheckIntegrationInput(f IntegrationFields, psa api.Psa, in api.IntegrationInput) Violations {
	var vs Violations
	other, otherGiven := f.Autotask, in.Autotask != nil
	own, ownGiven := f.ConnectWise, in.Connectwise != nil
	if psa == api.PsaAutotask {
		other, otherGiven, own, ownGiven = f.ConnectWise, in.Connectwise != nil, f.Autotask, in.Autotask != nil
	}
	if otherGiven {
		vs.add(Invalid, other, "", "Credentials of the other PSA",
			"%s holds %s credentials, but this is the %s integration. Give %s instead and remove %s.",
			other, psa.Other().DisplayName(), psa.DisplayName(), own, other)
	}
	if !ownGiven {
		vs.add(Invalid, own, "", "Missing "+psa.ShortName()+" credentials",
			"%s is required to connect %s: the %s.", own, psa.DisplayName(), psa.CredentialNames())
		return vs
	}
	text := func(field, value string, limit int, secret bool) {
		switch {
		case strings.TrimSpace(value) == "":
			vs.add(Invalid, field, "", "Missing "+field, "%s is required and must not be blank (%s).", field, psa.CredentialNames())
		case strings.TrimSpace(value) != value:
			shown := value
			if secret {
				shown = ""
			}
			vs.add(Invalid, field, shown, "White space around "+field,
				"%s starts or ends with white space (often a space or line break copied with it); %s would refuse it. Remove it.", field, psa.ShortName())
		case utf8.RuneCountInString(value) > limit:
			vs.add(Invalid, field, "", "Value too long", "%s must be at most %d characters (got %d).", field, limit, utf8.RuneCountInString(value))
		}
	}
	if psa == api.PsaConnectwise {
		c := in.Connectwise
		text(f.Site, c.Site, api.MaxCredentialHostLength, false)
		text(f.CompanyID, c.CompanyId, api.MaxCredentialNameLength, false)
		text(f.PublicKey, c.PublicKey, api.MaxCredentialNameLength, false)
		text(f.PrivateKey, deref(c.PrivateKey), api.MaxCredentialSecretLength, true)
		text(f.ClientID, c.ClientId, api.MaxCredentialNameLength, false)
		if site := strings.TrimSpace(c.Site); site != "" && !isHostName(site) {
			vs.add(Invalid, f.Site, c.Site, "ConnectWise site is not a host name",
				"%s must be the ConnectWise PSA host name only, such as \"api-na.myconnectwise.net\" or \"na.myconnectwise.net\", without https:// or a path (got %q).", f.Site, c.Site)
		}
		if id := strings.TrimSpace(c.ClientId); id != "" && !IsUUID(id) {
			vs.add(Invalid, f.ClientID, c.ClientId, "ConnectWise clientId is not a GUID",
				"%s must be the integration's ConnectWise clientId, a GUID such as \"6f1c2f0e-8d7a-4b7e-9a53-1d2f0c3b4a5e\" (ConnectWise Developer Network > Client IDs); got %q.", f.ClientID, c.ClientId)
		}
		return vs
	}
	a := in.Autotask
	text(f.UserName, a.UserName, api.MaxCredentialHostLength, false)
	text(f.Secret, deref(a.Secret), api.MaxCredentialSecretLength, true)
	text(f.IntegrationCode, a.IntegrationCode, api.MaxCredentialNameLength, false)
	return vs
}

// isHostName reports whether s is a DNS host name (or an IP address), without scheme,
// port or path.
func isHostName(s string) bool {
	if net.ParseIP(s) != nil {
		return true
	}
	if len(s) > 253 || !strings.Contains(s, ".") {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (r < '0' || r > '9') && r != '-' {
				return false
			}
		}
	}
	return true
}

// CheckUsageSyncSchedule applies the rules of a usage-sync schedule: a known schedule; a
// monthly one needs its day, 1 to 28 (a day every month has); the others take no day.
func CheckUsageSyncSchedule(f IntegrationFields, schedule api.UsageSyncFrequency, day *int) Violations {
	var vs Violations
	names := api.Strings(api.UsageSyncFrequencies())
	if !schedule.Valid() {
		vs = append(vs, Violation{Kind: Invalid, Field: f.Schedule, Value: string(schedule), Allowed: names,
			Summary: "Unknown usage-sync schedule",
			Message: fmt.Sprintf("%s %q is not a usage-sync schedule; use one of %s.", f.Schedule, schedule, api.QuotedList(names))})
		return vs
	}
	switch {
	case schedule == api.UsageSyncFrequencyMonthly && day == nil:
		vs.add(Invalid, f.DayOfMonth, "", "Monthly schedule needs a day",
			"A %q schedule syncs usage once a month on a chosen day: set %s to a day from %d to %d.",
			schedule, f.DayOfMonth, api.MinUsageSyncDay, api.MaxUsageSyncDay)
	case schedule == api.UsageSyncFrequencyMonthly && (*day < api.MinUsageSyncDay || *day > api.MaxUsageSyncDay):
		vs.add(Invalid, f.DayOfMonth, strconv.Itoa(*day), "Day of month out of range",
			"%s must be from %d to %d, so that the day exists in every month (got %d). For the end of the month, use %q (with the Sophos monthly invoice).",
			f.DayOfMonth, api.MinUsageSyncDay, api.MaxUsageSyncDay, *day, api.UsageSyncFrequencyWithInvoice)
	case schedule != api.UsageSyncFrequencyMonthly && day != nil:
		vs.add(Invalid, f.DayOfMonth, strconv.Itoa(*day), "Day of month without a monthly schedule",
			"%s applies only to a %q schedule; a %q schedule syncs %s. Remove %s, or set %s = %q.",
			f.DayOfMonth, api.UsageSyncFrequencyMonthly, schedule, schedule.Describe(), f.DayOfMonth, f.Schedule, api.UsageSyncFrequencyMonthly)
	}
	return vs
}

// MappingsLeft is what still ties a PSA integration down: the Sophos products and the
// customers mapped in it.
type MappingsLeft struct {
	Products  []string
	Customers []string
}

func (m MappingsLeft) count() int { return len(m.Products) + len(m.Customers) }

// CheckDisconnect refuses to disconnect a PSA while anything is mapped in it: the
// mappings would point at a PSA Sophos no longer talks to, and usage would silently stop
// reaching invoices. fix says how the caller removes them first.
func CheckDisconnect(psa api.Psa, left MappingsLeft, fix string) *Violation {
	if left.count() == 0 {
		return nil
	}
	var parts []string
	if n := len(left.Products); n > 0 {
		parts = append(parts, fmt.Sprintf("%s (%s)", plural(n, "Sophos product mapping", "Sophos product mappings"), sample(left.Products)))
	}
	if n := len(left.Customers); n > 0 {
		parts = append(parts, fmt.Sprintf("%s (%s)", plural(n, "customer mapping", "customer mappings"), sample(left.Customers)))
	}
	return &Violation{Kind: Conflict, Field: "psa", Value: string(psa), Summary: psa.ShortName() + " mappings remain",
		Message: fmt.Sprintf("%s cannot be disconnected while %s %s in it: %s. %s",
			psa.DisplayName(), plural(left.count(), "mapping", "mappings"), remain(left.count()), strings.Join(parts, " and "), fix)}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func remain(n int) string {
	if n == 1 {
		return "remains"
	}
	return "remain"
}

// sample lists up to three names and says how many more there are.
func sample(names []string) string {
	const shown = 3
	if len(names) <= shown {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:shown], ", "), len(names)-shown)
}

// BillingRollUp is the contract's link between the Partner Billing API and the PSA
// integration: for each billing product code, the Sophos product (PSA-integration
// identifier) its usage rolls up to. A code claimed by two products is a violation; the
// first product keeps it.
func BillingRollUp(products []api.SophosProduct) (map[string]string, Violations) {
	out := map[string]string{}
	var vs Violations
	for _, p := range products {
		for _, code := range p.BillingProductCodes {
			if prev, ok := out[code]; ok && prev != p.Identifier {
				vs.add(Conflict, InputSophosProducts, code, "Billing product code claimed twice",
					"Billing product code %q rolls up to %s and to %s; a code rolls up to one Sophos product only.", code, prev, p.Identifier)
				continue
			}
			out[code] = p.Identifier
		}
	}
	return out, vs
}
