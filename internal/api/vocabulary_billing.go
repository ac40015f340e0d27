package api

// The vocabulary of the PSA connection, the usage-sync schedule, the sync history and the
// Partner Billing API, declared once like the rest in vocabulary.go.

// Limits of the usage-sync schedule and of the billing report's pages.
const (
	// MinUsageSyncDay and MaxUsageSyncDay bound the day of a monthly schedule: 1 to 28, so
	// the day exists in every month.
	MinUsageSyncDay = 1
	MaxUsageSyncDay = 28
	// MaxBillingPageSize is the largest page of the billing report the contract allows.
	MaxBillingPageSize = 1000
	// MinBillingYear and MaxBillingYear bound the year of a billing report.
	MinBillingYear = 2000
	MaxBillingYear = 2100
)

// Field limits of the PSA credentials, in characters.
const (
	MaxCredentialHostLength   = 255
	MaxCredentialNameLength   = 100
	MaxCredentialSecretLength = 200
)

// DefaultUsageSyncSchedule is the schedule of a newly connected PSA and the one a
// disconnected PSA returns to.
const DefaultUsageSyncSchedule = UsageSyncFrequencyWithInvoice

// UsageSyncFrequencies lists the usage-sync schedules in the order the console offers them.
func UsageSyncFrequencies() []UsageSyncFrequency {
	return []UsageSyncFrequency{UsageSyncFrequencyWithInvoice, UsageSyncFrequencyMonthly, UsageSyncFrequencyDaily}
}

// IntegrationStatuses lists the states of a PSA integration.
func IntegrationStatuses() []IntegrationStatus {
	return []IntegrationStatus{IntegrationStatusConnected, IntegrationStatusError, IntegrationStatusNotConfigured}
}

// UsageSyncTriggers lists why a usage-sync run ran.
func UsageSyncTriggers() []UsageSyncTrigger {
	return []UsageSyncTrigger{UsageSyncTriggerSchedule, UsageSyncTriggerInvoice}
}

// UsageSyncRunStatuses lists the results of a usage-sync run.
func UsageSyncRunStatuses() []UsageSyncRunStatus {
	return []UsageSyncRunStatus{UsageSyncRunStatusSuccessful, UsageSyncRunStatusPartial, UsageSyncRunStatusFailed}
}

// UsageSyncPsaLineActions lists what a usage-sync run did to a PSA line.
func UsageSyncPsaLineActions() []UsageSyncPsaLineAction {
	return []UsageSyncPsaLineAction{UsageSyncPsaLineActionCreated, UsageSyncPsaLineActionUpdated}
}

// Describe says what a schedule means, for descriptions and messages.
func (e UsageSyncFrequency) Describe() string {
	switch e {
	case UsageSyncFrequencyWithInvoice:
		return "with the Sophos monthly invoice"
	case UsageSyncFrequencyMonthly:
		return "once a month, on a chosen day"
	case UsageSyncFrequencyDaily:
		return "every day"
	}
	return string(e)
}

// CredentialNames names the fields of a PSA's API credentials in the PSA's own words, for
// messages: what Sophos Central Partner asks for when connecting the PSA.
func (e Psa) CredentialNames() string {
	if e == PsaConnectwise {
		return "site, company id, public key, private key and client id of the ConnectWise API member"
	}
	return "user name, secret and integration code (API tracking identifier) of the Autotask API user"
}
