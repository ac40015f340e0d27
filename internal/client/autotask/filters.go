package autotask

import (
	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
)

// Builders of query filters, so callers read as the condition they mean.

// Eq is field eq v.
func Eq(field string, v any) at.Filter { return at.Filter{Op: at.OpEq, Field: field, Value: v} }

// NotEq is field noteq v.
func NotEq(field string, v any) at.Filter { return at.Filter{Op: at.OpNotEq, Field: field, Value: v} }

// Cmp is field op v for op gt, gte, lt, lte, beginsWith, endsWith or contains.
func Cmp(field string, op at.Operator, v any) at.Filter {
	return at.Filter{Op: op, Field: field, Value: v}
}

// In is field in vs.
func In[V any](field string, vs ...V) at.Filter {
	return at.Filter{Op: at.OpIn, Field: field, Value: vs}
}

// NotIn is field notIn vs.
func NotIn[V any](field string, vs ...V) at.Filter {
	return at.Filter{Op: at.OpNotIn, Field: field, Value: vs}
}

// Exist is field exist (it is not null).
func Exist(field string) at.Filter { return at.Filter{Op: at.OpExist, Field: field} }

// NotExist is field notExist (it is null).
func NotExist(field string) at.Filter { return at.Filter{Op: at.OpNotExist, Field: field} }

// And groups fs with and.
func And(fs ...at.Filter) at.Filter { return at.Filter{Op: at.OpAnd, Items: fs} }

// Or groups fs with or.
func Or(fs ...at.Filter) at.Filter { return at.Filter{Op: at.OpOr, Items: fs} }
