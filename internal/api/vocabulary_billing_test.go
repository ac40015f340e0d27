package api

import (
	"os"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"
)

// billingDoc is the part of openapi.yaml the connection, schedule and billing vocabulary
// is checked against.
type billingDoc struct {
	Paths map[string]struct {
		Get operationNode `yaml:"get"`
	} `yaml:"paths"`
	Components struct {
		Schemas map[string]billingSchemaNode `yaml:"schemas"`
	} `yaml:"components"`
}

type operationNode struct {
	Parameters []struct {
		Name   string            `yaml:"name"`
		Schema billingSchemaNode `yaml:"schema"`
	} `yaml:"parameters"`
}

type billingSchemaNode struct {
	Enum       []string                     `yaml:"enum"`
	MaxLength  *int                         `yaml:"maxLength"`
	Minimum    *int                         `yaml:"minimum"`
	Maximum    *int                         `yaml:"maximum"`
	Properties map[string]billingSchemaNode `yaml:"properties"`
}

func loadBillingDoc(t *testing.T) billingDoc {
	t.Helper()
	raw, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc billingDoc
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestConnectionVocabularyMatchesTheDocument(t *testing.T) {
	doc := loadBillingDoc(t)
	s := doc.Components.Schemas
	for name, tc := range map[string]struct{ got, want []string }{
		"UsageSyncFrequency":             {s["UsageSyncFrequency"].Enum, Strings(UsageSyncFrequencies())},
		"Integration.usageSyncSchedule":  {s["Integration"].Properties["usageSyncSchedule"].Enum, Strings(UsageSyncFrequencies())},
		"Integration.status":             {s["Integration"].Properties["status"].Enum, Strings(IntegrationStatuses())},
		"UsageSyncTrigger":               {s["UsageSyncTrigger"].Enum, Strings(UsageSyncTriggers())},
		"UsageSyncRunStatus":             {s["UsageSyncRunStatus"].Enum, Strings(UsageSyncRunStatuses())},
		"UsageSyncPsaLineAction":         {s["UsageSyncPsaLineAction"].Enum, Strings(UsageSyncPsaLineActions())},
		"UsageSyncSchedule.firewallSync": {s["UsageSyncSchedule"].Properties["firewallSync"].Enum, []string{string(DefaultUsageSyncSchedule)}},
	} {
		if !sameSet(tc.got, tc.want) {
			t.Errorf("%s: openapi.yaml lists %v, the vocabulary lists %v", name, tc.got, tc.want)
		}
	}
	day := s["UsageSyncScheduleInput"].Properties["dayOfMonth"]
	if day.Minimum == nil || *day.Minimum != MinUsageSyncDay || day.Maximum == nil || *day.Maximum != MaxUsageSyncDay {
		t.Errorf("dayOfMonth: openapi.yaml says %v..%v, the vocabulary %d..%d", day.Minimum, day.Maximum, MinUsageSyncDay, MaxUsageSyncDay)
	}
	limits := map[string]map[string]int{
		"ConnectWiseCredentials": {"site": MaxCredentialHostLength, "companyId": MaxCredentialNameLength, "publicKey": MaxCredentialNameLength, "privateKey": MaxCredentialSecretLength},
		"AutotaskCredentials":    {"userName": MaxCredentialHostLength, "integrationCode": MaxCredentialNameLength, "secret": MaxCredentialSecretLength},
	}
	for schema, fields := range limits {
		for field, want := range fields {
			if got := s[schema].Properties[field].MaxLength; got == nil || *got != want {
				t.Errorf("%s.%s: openapi.yaml says maxLength %v, the vocabulary %d", schema, field, got, want)
			}
		}
	}
}

func TestBillingPagingMatchesTheDocument(t *testing.T) {
	doc := loadBillingDoc(t)
	op := doc.Paths["/partner/v1/billing/usage/{year}/{month}"].Get
	found := map[string]bool{}
	for _, p := range op.Parameters {
		found[p.Name] = true
		switch p.Name {
		case "pageSize":
			if p.Schema.Maximum == nil || *p.Schema.Maximum != MaxBillingPageSize {
				t.Errorf("billing pageSize: openapi.yaml says maximum %v, the vocabulary %d", p.Schema.Maximum, MaxBillingPageSize)
			}
		case "year":
			if *p.Schema.Minimum != MinBillingYear || *p.Schema.Maximum != MaxBillingYear {
				t.Errorf("billing year: openapi.yaml says %d..%d, the vocabulary %d..%d", *p.Schema.Minimum, *p.Schema.Maximum, MinBillingYear, MaxBillingYear)
			}
		}
	}
	for _, want := range []string{"year", "month", "pageFromKey", "pageSize"} {
		if !found[want] {
			t.Errorf("the billing usage operation has no %s parameter", want)
		}
	}
}

func TestScheduleDescriptions(t *testing.T) {
	for _, f := range UsageSyncFrequencies() {
		if f.Describe() == string(f) {
			t.Errorf("%s has no description", f)
		}
	}
	for _, p := range PSAs() {
		if p.CredentialNames() == "" {
			t.Errorf("%s has no credential names", p)
		}
	}
}
