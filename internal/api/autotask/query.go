package autotask

// Query is the body of POST {Entity}/query (and /query/count): the filter items are
// combined with and. For more than MaxRecords results IncludeFields must include "id".
type Query struct {
	Filter        []Filter `json:"filter"`
	IncludeFields []string `json:"IncludeFields,omitempty"`
	MaxRecords    int      `json:"MaxRecords,omitempty"`
}

// Filter is one item of a query's filter: a condition {op, field, value} (udf for a
// user-defined field) or a group {op: and|or, items}. Field names are case-insensitive.
type Filter struct {
	Op    Operator `json:"op"`
	Field string   `json:"field,omitempty"`
	// Value is a number, string or boolean, an array of them for in/notIn, and absent for
	// exist/notExist.
	Value any      `json:"value,omitempty"`
	UDF   bool     `json:"udf,omitempty"`
	Items []Filter `json:"items,omitempty"`
}

// Operator is Filter.Op.
type Operator string

// The operators of a filter.
const (
	OpEq         Operator = "eq"
	OpNotEq      Operator = "noteq"
	OpGt         Operator = "gt"
	OpGte        Operator = "gte"
	OpLt         Operator = "lt"
	OpLte        Operator = "lte"
	OpBeginsWith Operator = "beginsWith"
	OpEndsWith   Operator = "endsWith"
	OpContains   Operator = "contains"
	OpExist      Operator = "exist"
	OpNotExist   Operator = "notExist"
	OpIn         Operator = "in"
	OpNotIn      Operator = "notIn"
	// OpAnd and OpOr group Items.
	OpAnd Operator = "and"
	OpOr  Operator = "or"
)

// ConditionOperators lists the operators of a condition, in the vendor's order.
func ConditionOperators() []Operator {
	return []Operator{OpEq, OpNotEq, OpGt, OpGte, OpLt, OpLte, OpBeginsWith, OpEndsWith, OpContains, OpExist, OpNotExist, OpIn, OpNotIn}
}

// GroupOperators lists the operators of a group.
func GroupOperators() []Operator { return []Operator{OpAnd, OpOr} }

// ListResponse is the answer of a query: one page of items. PageDetails.NextPageURL is
// null on the last page; otherwise GET it, as given, for the next page.
type ListResponse[T any] struct {
	Items       []T         `json:"items"`
	PageDetails PageDetails `json:"pageDetails"`
}

// PageDetails describes one page of a ListResponse.
type PageDetails struct {
	Count        int     `json:"count"`
	RequestCount int     `json:"requestCount"`
	PrevPageURL  *string `json:"prevPageUrl"`
	NextPageURL  *string `json:"nextPageUrl"`
}

// ItemResponse is the answer of GET {Entity}/{id}.
type ItemResponse[T any] struct {
	Item *T `json:"item"`
}

// CountResponse is the answer of {Entity}/query/count.
type CountResponse struct {
	QueryCount int `json:"queryCount"`
}

// CreateResponse is the answer of a create or update (POST, PATCH, PUT).
type CreateResponse struct {
	ItemID int64 `json:"itemId"`
}

// EntityFields is the answer of {Entity}/entityInformation/fields: the entity's fields,
// with this database's picklist values (they differ per tenant; never hard-code them).
type EntityFields struct {
	Fields []FieldInfo `json:"fields"`
}

// FieldInfo describes one field of an entity.
type FieldInfo struct {
	Name           string          `json:"name"`
	Label          string          `json:"label,omitempty"`
	DataType       string          `json:"dataType,omitempty"`
	IsRequired     bool            `json:"isRequired"`
	IsReadOnly     bool            `json:"isReadOnly"`
	IsPickList     bool            `json:"isPickList"`
	PicklistValues []PicklistValue `json:"picklistValues,omitempty"`
}

// PicklistValue is one value of a picklist field: Value is what the entity's field holds
// (as a string), Label what a person reads.
type PicklistValue struct {
	Value          string `json:"value"`
	Label          string `json:"label"`
	IsActive       bool   `json:"isActive"`
	SortOrder      int    `json:"sortOrder"`
	ParentValue    string `json:"parentValue,omitempty"`
	IsSystem       bool   `json:"isSystem"`
	IsDefaultValue bool   `json:"isDefaultValue"`
}
