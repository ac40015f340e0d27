package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	cwclient "github.com/psa-iac/terraform-provider-sophos/internal/client/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// The schema of sophos_billing_reconciliation: what it reads (the arguments, the request
// budget) and what each attribute of its rows and totals means.

// statusList describes every status of a row, in order of precedence.
func statusList() string {
	var b strings.Builder
	for _, s := range rules.ReconcileStatuses() {
		fmt.Fprintf(&b, "\n- `%s`: %s.", s, s.Describe())
	}
	return b.String()
}

func moneyAtStakeAttribute(of string) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "The money at stake " + of + ", in the billing report's currency; never negative, whichever way the quantities differ. " +
			"Amounts and quantities are given to a millionth.",
		Computed: true,
		Attributes: map[string]schema.Attribute{
			"quantity": schema.Float64Attribute{Computed: true, MarkdownDescription: "The difference between what Sophos bills and what " +
				"the PSA invoices (nothing on a contract it does not invoice), times the PSA's unit price (Sophos's without a PSA line)."},
			"price": schema.Float64Attribute{Computed: true, MarkdownDescription: "What the PSA's unit price falls short of Sophos's, " +
				"times the quantity Sophos bills."},
			"total": schema.Float64Attribute{Computed: true, MarkdownDescription: "`quantity` plus `price`."},
		},
	}
}

func (d *billingReconciliationDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	num := func(desc string) schema.Attribute {
		return schema.Float64Attribute{Computed: true, MarkdownDescription: desc}
	}
	id := func(desc string) schema.Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	list := func(desc string) schema.Attribute {
		return schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "What Sophos bills the partner for a month against what the PSA holds to invoice for it, one row per " +
			"customer and product, with a status, every problem and the money at stake; totals per status and per customer. " +
			"The billing lines come from the **real Sophos Partner Billing API** (`sophos_billing_usage`), the PSA's lines from " +
			"**the PSA's own API**: ConnectWise agreement additions, Autotask contract services and their units, as Sophos's " +
			"usage sync writes them. So it needs the provider's `connectwise` or `autotask` block for its PSA (Sophos has no API " +
			"for PSA lines); without it the plan fails, naming the block.\n\n" +
			"The mappings come from either side. By default they are Sophos's mapping tables (the PSA integration's API) and the " +
			"billing product codes roll up to Sophos products by `sophos_products`, as the usage sync and `usage_rollup` do. With " +
			"`customer_mappings` and `product_mappings` written in the configuration, those tables are not read: with both, the " +
			"reconciliation reads only the Partner Billing API and the PSA's own API, which work against a real partner account " +
			"and a real PSA today.\n\n" +
			"Statuses, in order of precedence (a row has every problem in `problems` and the first as `status`):\n" + statusList() + "\n\n" +
			"A PSA line counts for the customer mapped to its contract (agreement), for a PSA product a Sophos product (or, with " +
			"`product_mappings`, a billing code) is mapped to; other lines (labour, other vendors) are not Sophos's. ConnectWise " +
			"keeps an addition's current quantity, not its history: reconcile the month the last sync wrote. An addition that does " +
			"not bill the customer (`DoNotBill`, `NoCharge`) counts at a unit price of 0. On Autotask a contract service's units " +
			"are those of its period in the month that starts last. Contract statuses are the PSA's own (a contract it still has " +
			"but does not offer is `cancelled`, one it does not have `missing`).\n\n" +
			"Requests: the billing report (one listing, 1,000 lines a page); without the mapping arguments, the customer mappings " +
			"of this PSA and of the other (a customer only the other PSA bills is left out), the product mappings and the Sophos " +
			"products (one listing each); the PSA's contracts (one listing, shared with every other read of the run). Then " +
			fmt.Sprintf("ConnectWise: one listing of additions per mapped agreement (ConnectWise lists additions per agreement "+
				"only), %d at a time; Autotask: one listing of contract services and one of their units, whatever the number of "+
				"contracts. Rows and totals are keyed by ids, never by a name.", cwclient.DefaultPerEndpoint),
		Attributes: map[string]schema.Attribute{
			"psa": schema.StringAttribute{
				MarkdownDescription: psaDescription("PSA whose lines are reconciled; the provider needs its block (`connectwise` or `autotask`)."),
				Required:            true,
				Validators:          psaValidators(),
			},
			"year": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Year of the month reconciled, %d to %d; with `month`.", api.MinBillingYear, api.MaxBillingYear),
				Required:            true,
				Validators:          []validator.Int64{int64validator.Between(api.MinBillingYear, api.MaxBillingYear)},
			},
			"month": schema.Int64Attribute{
				MarkdownDescription: "Month reconciled, 1 to 12; with `year`. A month Sophos has no billing report for fails.",
				Required:            true,
				Validators:          []validator.Int64{int64validator.Between(1, 12)},
			},
			"tolerance": schema.Float64Attribute{
				MarkdownDescription: "How far apart the two quantities of a row may be and still match; 0 (the default) or more.",
				Optional:            true,
				Validators:          []validator.Float64{float64validator.AtLeast(0)},
			},
			"customer_mappings": schema.ListNestedAttribute{
				MarkdownDescription: "The customers billed through this PSA, written in the configuration instead of read from " +
					"Sophos's customer mapping table: each customer's company and contract (agreement). Usage of customers not " +
					"listed is reported with a null `company_id`.",
				Optional: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"customer_id": schema.StringAttribute{Required: true, Validators: []validator.String{customerIDValidator()},
						MarkdownDescription: "The Sophos customer (tenant id, in lower case)."},
					"company_id": schema.Int64Attribute{Required: true, MarkdownDescription: "Its PSA company."},
					"contract_id": schema.Int64Attribute{Required: true, MarkdownDescription: "Its contract (ConnectWise agreement) " +
						"whose lines bill the customer's Sophos usage."},
				}},
			},
			"product_mappings": schema.ListNestedAttribute{
				MarkdownDescription: "Billing product codes (the `product_code` of `sophos_billing_usage`) and the PSA product each " +
					"is invoiced as, written in the configuration instead of read from Sophos's product mapping table and Sophos " +
					"products list. Codes mapped to one PSA product share a row; rows then list codes, not Sophos products.",
				Optional: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"product_code":   schema.StringAttribute{Required: true, MarkdownDescription: "A billing product code, e.g. `CIXA1CSAA`."},
					"psa_product_id": schema.Int64Attribute{Required: true, MarkdownDescription: "The PSA product (ConnectWise catalog item, Autotask service) it is invoiced as."},
				}},
			},
			"rows": schema.ListNestedAttribute{
				MarkdownDescription: "One row per customer and PSA product (Sophos products mapped to one PSA product share it), " +
					"plus one per Sophos product or code with usage that is not mapped, sorted by customer id (rows of customers " +
					"not mapped in this PSA first) and PSA product id.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"customer_id":       str("The Sophos customer (tenant id, lower case); null for usage of no customer (stand-alone devices)."),
					"customer_name":     str("The customer's name, as the billing report (else the mapping table) writes it: for reading, never for keys."),
					"company_id":        id("The PSA company the customer is mapped to; null when it is not mapped in this PSA."),
					"contract_id":       id("The contract (agreement) the customer is mapped to; null when none."),
					"contract_name":     str("The contract's name in the PSA; null when the PSA does not list it."),
					"contract_status":   str("The contract's status in the PSA: " + markdownList(api.Strings(api.CustomerMappingContractStatuses())) + "; null when none."),
					"psa_product_id":    id("The PSA product of the row; null for usage of a product that is not mapped."),
					"sophos_products":   list("The Sophos products of the row, sorted; empty for codes of no Sophos product, and with `product_mappings`."),
					"product_codes":     list("The billing product codes whose usage the row sums, sorted."),
					"sophos_quantity":   num("The quantity Sophos bills."),
					"psa_quantity":      num("The quantity the PSA's lines hold (an addition's quantity less what the agreement includes; a contract service's units)."),
					"psa_lines":         id("How many PSA lines the row sums."),
					"sophos_unit_price": num("Sophos's price per unit, weighted by quantity; null when the report has none."),
					"psa_unit_price":    num("The PSA's price per unit, the lowest of its lines; null without a line."),
					"status":            str("The row's status: the first of `problems`, or `matches`."),
					"problems":          list("Every status but `matches` that applies, in order of precedence."),
					"money_at_stake":    moneyAtStakeAttribute("on this row"),
				}},
			},
			"totals_by_status": schema.MapNestedAttribute{
				MarkdownDescription: "The rows of each status (every status is a key, with 0 rows or more) and their money at stake.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"rows":           id("How many rows have this status."),
					"money_at_stake": moneyAtStakeAttribute("on these rows"),
				}},
			},
			"totals_by_customer": schema.MapNestedAttribute{
				MarkdownDescription: "Each customer's rows, keyed by customer id (`\"\"` for usage of no customer), and their money at stake.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"rows":           id("How many rows the customer has."),
					"problems":       id("How many of them do not match."),
					"money_at_stake": moneyAtStakeAttribute("on these rows"),
				}},
			},
		},
	}
}
