package api

import (
	"os"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"
)

// schemaDoc is the part of openapi.yaml the vocabulary is checked against.
type schemaDoc struct {
	Components struct {
		Schemas    map[string]schemaNode `yaml:"schemas"`
		Parameters map[string]struct {
			Schema schemaNode `yaml:"schema"`
		} `yaml:"parameters"`
	} `yaml:"components"`
}

type schemaNode struct {
	Enum       []string              `yaml:"enum"`
	MaxLength  *int                  `yaml:"maxLength"`
	MinLength  *int                  `yaml:"minLength"`
	Properties map[string]schemaNode `yaml:"properties"`
}

func loadDoc(t *testing.T) schemaDoc {
	t.Helper()
	raw, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc schemaDoc
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestLimitsMatchTheDocument(t *testing.T) {
	doc := loadDoc(t)
	limits := map[string]int{
		"identifier":             MaxIdentifierLength,
		"description":            MaxDescriptionLength,
		"customerDescription":    MaxCustomerDescriptionLength,
		"manufacturerPartNumber": MaxReferenceFieldLength,
		"vendorSku":              MaxReferenceFieldLength,
		"integrationXRef":        MaxReferenceFieldLength,
	}
	for _, schema := range []string{"PsaProduct", "PsaProductInput"} {
		props := doc.Components.Schemas[schema].Properties
		if len(props) == 0 {
			t.Fatalf("schema %s not found in openapi.yaml", schema)
		}
		for field, want := range limits {
			got := props[field].MaxLength
			if got == nil || *got != want {
				t.Errorf("%s.%s: openapi.yaml says maxLength %v, vocabulary.go says %d", schema, field, got, want)
			}
		}
	}
	if got := doc.Components.Parameters["IdempotencyKey"].Schema.MaxLength; got == nil || *got != MaxIdempotencyKeyLength {
		t.Errorf("Idempotency-Key: openapi.yaml says maxLength %v, vocabulary.go says %d", got, MaxIdempotencyKeyLength)
	}
}

func TestEnumListsMatchTheDocument(t *testing.T) {
	doc := loadDoc(t)
	lists := map[string][]string{
		"Psa":            Strings(PSAs()),
		"ProductClass":   Strings(ProductClasses()),
		"BillingType":    Strings(BillingTypes()),
		"SyncStatus":     Strings(SyncStatuses()),
		"ContractStatus": Strings(ContractStatuses()),
	}
	for schema, want := range lists {
		got := doc.Components.Schemas[schema].Enum
		a, b := slices.Clone(got), slices.Clone(want)
		slices.Sort(a)
		slices.Sort(b)
		if !slices.Equal(a, b) {
			t.Errorf("%s: openapi.yaml lists %v, vocabulary.go lists %v", schema, got, want)
		}
	}
	got := doc.Components.Schemas["CustomerMapping"].Properties["contractStatus"].Enum
	if want := Strings(CustomerMappingContractStatuses()); len(got) == 0 || !slices.Equal(got, want) {
		t.Errorf("CustomerMapping.contractStatus: openapi.yaml lists %v, vocabulary.go lists %v", got, want)
	}
}

func TestPSANames(t *testing.T) {
	for _, p := range PSAs() {
		if p.DisplayName() == string(p) || p.ShortName() == string(p) {
			t.Errorf("%s has no display name", p)
		}
		if p.Other() == p || p.Other().Other() != p {
			t.Errorf("%s: Other is not the other PSA", p)
		}
	}
	if WithArticle("agreement") != "an agreement" || WithArticle("contract") != "a contract" {
		t.Error("WithArticle")
	}
}
