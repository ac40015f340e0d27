// Command plan-review prints the review of a Terraform plan (the billing review, the
// reconciliation): the check blocks that did not pass, with their messages, and the
// next_sync_preview output. It reads the JSON of
// `terraform show -json <planfile>` on standard input and exits 1 when a check did not pass,
// so a CI job (and `make demo`) can use it where jq is not at hand.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

type plan struct {
	Checks []struct {
		Address struct {
			Kind string `json:"kind"`
			Name string `json:"name"`
		} `json:"address"`
		Status    string `json:"status"`
		Instances []struct {
			Problems []struct {
				Message string `json:"message"`
			} `json:"problems"`
		} `json:"instances"`
	} `json:"checks"`
	PlannedValues struct {
		Outputs map[string]struct {
			Value json.RawMessage `json:"value"`
		} `json:"outputs"`
	} `json:"planned_values"`
}

// previewCustomer is an entry of next_sync_preview, keyed by "<psa>/<customer id>".
type previewCustomer struct {
	Customer   *string `json:"customer"`
	PSACompany *string `json:"psa_company"`
	Contract   *string `json:"contract"`
	Lines      []struct {
		PSAProduct *string  `json:"psa_product"`
		Quantity   float64  `json:"quantity"`
		Price      *float64 `json:"price"`
	} `json:"lines"`
}

func main() {
	os.Exit(run(os.Stdin, os.Stdout))
}

func run(in io.Reader, out io.Writer) int {
	var p plan
	if err := json.NewDecoder(in).Decode(&p); err != nil {
		fmt.Fprintf(out, "error: reading the plan JSON (terraform show -json <planfile>): %v\n", err)
		return 2
	}
	if o, ok := p.PlannedValues.Outputs["next_sync_preview"]; ok {
		var preview map[string]previewCustomer
		if err := json.Unmarshal(o.Value, &preview); err != nil {
			fmt.Fprintf(out, "error: next_sync_preview is not a preview: %v\n", err)
			return 2
		}
		printPreview(out, preview)
	}
	failed := 0
	for _, c := range p.Checks {
		if c.Address.Kind != "check" {
			continue
		}
		if c.Status == "pass" {
			fmt.Fprintf(out, "PASS  %s\n", c.Address.Name)
			continue
		}
		failed++
		fmt.Fprintf(out, "%-5s %s\n", strings.ToUpper(c.Status), c.Address.Name)
		for _, in := range c.Instances {
			for _, pr := range in.Problems {
				fmt.Fprintf(out, "      %s\n", indent(pr.Message))
			}
		}
	}
	if failed > 0 {
		fmt.Fprintf(out, "%d check(s) of the plan did not pass.\n", failed)
		return 1
	}
	return 0
}

// printPreview prints the preview by PSA and customer name (two customers may share a
// name: the key, with the id, keeps them apart).
func printPreview(out io.Writer, preview map[string]previewCustomer) {
	keys := make([]string, 0, len(preview))
	for k := range preview {
		keys = append(keys, k)
	}
	psa := func(key string) string { p, _, _ := strings.Cut(key, "/"); return p }
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if psa(a) != psa(b) {
			return psa(a) < psa(b)
		}
		if na, nb := deref(preview[a].Customer), deref(preview[b].Customer); na != nb {
			return na < nb
		}
		return a < b
	})
	fmt.Fprintf(out, "%-12s %-30s %-30s %-34s %-38s %8s %8s\n", "PSA", "CUSTOMER", "PSA COMPANY", "CONTRACT", "PSA PRODUCT", "QUANTITY", "PRICE")
	for _, k := range keys {
		c := preview[k]
		for _, l := range c.Lines {
			price := "-"
			if l.Price != nil {
				price = fmt.Sprintf("%.2f", *l.Price)
			}
			fmt.Fprintf(out, "%-12s %-30s %-30s %-34s %-38s %8g %8s\n", psa(k), deref(c.Customer), deref(c.PSACompany), deref(c.Contract), deref(l.PSAProduct), l.Quantity, price)
		}
	}
	fmt.Fprintln(out)
}

func deref(s *string) string {
	if s == nil {
		return "-"
	}
	return *s
}

func indent(s string) string {
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n      ")
}
