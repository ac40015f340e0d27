package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The function called through its Run, as the framework calls it: values of the parameters'
// types in, a list or an argument error out.

const (
	rollupCustomer      = "aaaaaaaa-0000-4000-8000-000000000001"
	rollupOtherCustomer = "bbbbbbbb-0000-4000-8000-000000000002"
)

func rollupObject(shape inputShape, values map[string]attr.Value) attr.Value {
	return types.ObjectValueMust(shape.objectType().AttrTypes, values)
}

func rollupLine(customer attr.Value, code string, quantity float64) attr.Value {
	return rollupObject(billingLineShape(), map[string]attr.Value{"account_id": customer, "product_code": types.StringValue(code),
		"billable_quantity": types.Float64Value(quantity), "unit_price": types.Float64Null()})
}

func rollupProduct(identifier string, invoiceOnly bool, codes ...string) attr.Value {
	values := make([]attr.Value, len(codes))
	for i, c := range codes {
		values[i] = types.StringValue(c)
	}
	return rollupObject(sophosProductShape(), map[string]attr.Value{"identifier": types.StringValue(identifier),
		"billing_product_codes": types.ListValueMust(types.StringType, values), "syncs_with_invoice_only": types.BoolValue(invoiceOnly)})
}

func rollupCustomerMapping(customer string, company, contract int64, status string, usage attr.Value) attr.Value {
	return rollupObject(customerMappingShape(), map[string]attr.Value{"customer_id": types.StringValue(customer),
		"company_id": types.Int64Value(company), "contract_id": types.Int64Value(contract), "contract_status": types.StringValue(status),
		"usage_sync_enabled": usage})
}

func rollupProductMapping(sophos string, psaProduct int64) attr.Value {
	return rollupObject(productMappingShape(), map[string]attr.Value{"sophos_product": types.StringValue(sophos),
		"psa_product_id": types.Int64Value(psaProduct), "sync_enabled": types.BoolValue(true)})
}

func inputList(shape inputShape, elements ...attr.Value) types.List {
	return types.ListValueMust(shape.objectType(), elements)
}

// rollupArgs are the five arguments of a month: two customers, Intercept X Advanced (two
// codes) and a firewall product (invoice only), both mapped, and a code of no product.
func rollupArgs() []attr.Value {
	a := types.StringValue(strings.ToUpper(rollupCustomer)) // Sophos's case need not be the mapping's
	return []attr.Value{
		inputList(billingLineShape(), rollupLine(a, "CIXA1", 4), rollupLine(a, "CIXA2", 6), rollupLine(a, "XGS1", 1),
			rollupLine(a, "UNKNOWN", 9), rollupLine(types.StringNull(), "CIXA1", 2), rollupLine(types.StringValue(rollupOtherCustomer), "CIXA1", 3)),
		inputList(sophosProductShape(), rollupProduct("Sophos_Intercept_X_Advanced", false, "CIXA1", "CIXA2"), rollupProduct("Sophos_Firewall", true, "XGS1")),
		inputList(customerMappingShape(), rollupCustomerMapping(rollupCustomer, 10, 100, "active", types.BoolValue(true)),
			rollupCustomerMapping(rollupOtherCustomer, 20, 200, "expired", types.BoolValue(true))),
		inputList(productMappingShape(), rollupProductMapping("Sophos_Intercept_X_Advanced", 1001), rollupProductMapping("Sophos_Firewall", 1002)),
		types.StringValue("daily"),
	}
}

func runRollup(t *testing.T, args []attr.Value) (attr.Value, *function.FuncError) {
	t.Helper()
	resp := function.RunResponse{Result: function.NewResultData(types.ListUnknown(usageRollupLineType()))}
	NewUsageRollupFunction().Run(context.Background(), function.RunRequest{Arguments: function.NewArgumentsData(args)}, &resp)
	return resp.Result.Value(), resp.Error
}

// rollupText writes the result as "customer/company/contract/product [sophos products] quantity" lines.
func rollupText(t *testing.T, v attr.Value) string {
	t.Helper()
	l, ok := v.(types.List)
	if !ok || l.IsUnknown() || l.IsNull() {
		t.Fatalf("result %v is not a known list", v)
	}
	var b strings.Builder
	for _, e := range l.Elements() {
		a := e.(types.Object).Attributes()                                                                               //nolint:forcetypeassert // the return type says so
		b.WriteString(strings.Join([]string{a["customer_id"].(types.String).ValueString()[:4], a["company_id"].String(), //nolint:forcetypeassert // the return type says so
			a["contract_id"].String(), a["psa_product_id"].String(), a["sophos_products"].String(), a["quantity"].String()}, " ") + "\n")
	}
	return b.String()
}

func TestUsageRollupFunctionRun(t *testing.T) {
	cases := []struct {
		name   string
		change func(args []attr.Value)
		want   string
	}{
		{"a month: unknown codes, lines of no customer and firewalls (daily) are not sent", func([]attr.Value) {},
			"aaaa 10 100 1001 [\"Sophos_Intercept_X_Advanced\"] 10.000000\nbbbb 20 200 1001 [\"Sophos_Intercept_X_Advanced\"] 3.000000\n"},
		{"with the invoice, firewalls too", func(args []attr.Value) { args[rollupSchedule] = types.StringValue("withInvoice") },
			"aaaa 10 100 1001 [\"Sophos_Intercept_X_Advanced\"] 10.000000\naaaa 10 100 1002 [\"Sophos_Firewall\"] 1.000000\nbbbb 20 200 1001 [\"Sophos_Intercept_X_Advanced\"] 3.000000\n"},
		{"no schedule (PSA not connected): no firewalls", func(args []attr.Value) { args[rollupSchedule] = types.StringNull() },
			"aaaa 10 100 1001 [\"Sophos_Intercept_X_Advanced\"] 10.000000\nbbbb 20 200 1001 [\"Sophos_Intercept_X_Advanced\"] 3.000000\n"},
		{"usage sync null is off", func(args []attr.Value) {
			args[rollupCustomerMappings] = inputList(customerMappingShape(), rollupCustomerMapping(rollupCustomer, 10, 100, "active", types.BoolNull()))
		}, ""},
		{"empty lists", func(args []attr.Value) {
			args[rollupLines], args[rollupSophosProducts] = inputList(billingLineShape()), inputList(sophosProductShape())
			args[rollupCustomerMappings], args[rollupProductMappings] = inputList(customerMappingShape()), inputList(productMappingShape())
		}, ""},
		{"null lists", func(args []attr.Value) {
			for i := range rollupSchedule {
				args[i] = types.ListNull(args[i].(types.List).ElementType(context.Background())) //nolint:forcetypeassert // the four lists
			}
		}, ""},
		{"no Sophos products: no code rolls up", func(args []attr.Value) { args[rollupSophosProducts] = inputList(sophosProductShape()) }, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := rollupArgs()
			c.change(args)
			got, err := runRollup(t, args)
			if err != nil {
				t.Fatal(err)
			}
			if s := rollupText(t, got); s != c.want {
				t.Errorf("got\n%swant\n%s", s, c.want)
			}
		})
	}
}

func TestUsageRollupFunctionIsUnknownUntilItsArgumentsAreKnown(t *testing.T) {
	cases := map[string]func(args []attr.Value){
		"a list":       func(args []attr.Value) { args[rollupLines] = types.ListUnknown(billingLineShape().objectType()) },
		"the schedule": func(args []attr.Value) { args[rollupSchedule] = types.StringUnknown() },
		"an attribute of an element": func(args []attr.Value) {
			args[rollupCustomerMappings] = inputList(customerMappingShape(), rollupCustomerMapping(rollupCustomer, 10, 100, "active", types.BoolUnknown()))
		},
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			args := rollupArgs()
			change(args)
			got, err := runRollup(t, args)
			if err != nil {
				t.Fatal(err)
			}
			if !got.IsUnknown() {
				t.Errorf("got %v, want unknown", got)
			}
		})
	}
}

func TestUsageRollupFunctionRefusesBadInput(t *testing.T) {
	cases := []struct {
		name     string
		change   func(args []attr.Value)
		position int64
		text     string
	}{
		{"a customer twice", func(args []attr.Value) {
			args[rollupCustomerMappings] = inputList(customerMappingShape(), rollupCustomerMapping(rollupCustomer, 10, 100, "active", types.BoolValue(true)),
				rollupCustomerMapping(rollupCustomer, 11, 110, "active", types.BoolValue(true)))
		}, rollupCustomerMappings, "Customer " + rollupCustomer + " is listed twice; a customer has one mapping per PSA. Pass the mappings of one PSA"},
		{"a product twice", func(args []attr.Value) {
			args[rollupProductMappings] = inputList(productMappingShape(), rollupProductMapping("Sophos_Firewall", 1), rollupProductMapping("Sophos_Firewall", 2))
		}, rollupProductMappings, "Sophos product Sophos_Firewall is listed twice"},
		{"a code of two products", func(args []attr.Value) {
			args[rollupSophosProducts] = inputList(sophosProductShape(), rollupProduct("Sophos_A", false, "X"), rollupProduct("Sophos_B", false, "X"))
		}, rollupSophosProducts, `Billing product code "X" rolls up to Sophos_A and to Sophos_B`},
		{"a null element", func(args []attr.Value) {
			args[rollupLines] = inputList(billingLineShape(), rollupLine(types.StringNull(), "CIXA1", 1), types.ObjectNull(billingLineShape().objectType().AttrTypes))
		}, rollupLines, "element 1 is null; leave it out instead"},
		{"a line without its code", func(args []attr.Value) {
			args[rollupLines] = inputList(billingLineShape(), rollupObject(billingLineShape(), map[string]attr.Value{"account_id": types.StringNull(),
				"product_code": types.StringNull(), "billable_quantity": types.Float64Value(1), "unit_price": types.Float64Null()}))
		}, rollupLines, "element 0: product_code and billable_quantity must not be null"},
		{"a contract status that is none", func(args []attr.Value) {
			args[rollupCustomerMappings] = inputList(customerMappingShape(), rollupCustomerMapping(rollupCustomer, 10, 100, "Active", types.BoolValue(true)))
		}, rollupCustomerMappings, `element 0: contract_status "Active" of customer ` + rollupCustomer + ` is not a contract status; use one of "active"`},
		{"a null billing code", func(args []attr.Value) {
			args[rollupSophosProducts] = inputList(sophosProductShape(), rollupObject(sophosProductShape(), map[string]attr.Value{
				"identifier": types.StringValue("Sophos_A"), "billing_product_codes": types.ListValueMust(types.StringType, []attr.Value{types.StringNull()}),
				"syncs_with_invoice_only": types.BoolNull()}))
		}, rollupSophosProducts, "element 0: billing_product_codes of Sophos_A has a null code"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := rollupArgs()
			c.change(args)
			_, err := runRollup(t, args)
			if err == nil {
				t.Fatal("no error")
			}
			if err.FunctionArgument == nil {
				t.Fatalf("not an argument error: %q", err.Text)
			}
			if *err.FunctionArgument != c.position || !strings.Contains(err.Text, c.text) {
				t.Errorf("got argument %d: %q; want argument %d with %q", *err.FunctionArgument, err.Text, c.position, c.text)
			}
		})
	}
}
