package connectwise

// The reference lists a catalog item points into. Names are at most MaxReferenceNameLength
// characters.

// Category is a product category (/procurement/categories).
type Category struct {
	ID                 int    `json:"id,omitempty"`
	Name               string `json:"name,omitempty"`
	InactiveFlag       *bool  `json:"inactiveFlag,omitempty"`
	PriceLevelXref     string `json:"priceLevelXref,omitempty"`
	IntegrationXref    string `json:"integrationXref,omitempty"`
	LocationIDs        []int  `json:"locationIds,omitempty"`
	DefaultFlag        *bool  `json:"defaultFlag,omitempty"`
	AddAllLocations    *bool  `json:"addAllLocations,omitempty"`
	RemoveAllLocations *bool  `json:"removeAllLocations,omitempty"`
	Info               Info   `json:"_info,omitempty"`
}

// Subcategory is a product subcategory (/procurement/subcategories); it belongs to a category.
type Subcategory struct {
	ID              int                `json:"id,omitempty"`
	Name            string             `json:"name,omitempty"`
	Category        *CategoryReference `json:"category,omitempty"`
	InactiveFlag    *bool              `json:"inactiveFlag,omitempty"`
	IntegrationXref string             `json:"integrationXref,omitempty"`
	DefaultFlag     *bool              `json:"defaultFlag,omitempty"`
	Info            Info               `json:"_info,omitempty"`
}

// ProductType is a product type (/procurement/types).
type ProductType struct {
	ID           int    `json:"id,omitempty"`
	Name         string `json:"name,omitempty"`
	InactiveFlag *bool  `json:"inactiveFlag,omitempty"`
	TypeXref     string `json:"typeXref,omitempty"`
	DefaultFlag  *bool  `json:"defaultFlag,omitempty"`
	Info         Info   `json:"_info,omitempty"`
}

// UnitOfMeasure is a unit of measure (/procurement/unitOfMeasures).
type UnitOfMeasure struct {
	ID              int    `json:"id,omitempty"`
	Name            string `json:"name,omitempty"`
	InactiveFlag    *bool  `json:"inactiveFlag,omitempty"`
	DefaultFlag     *bool  `json:"defaultFlag,omitempty"`
	UomScheduleXref string `json:"uomScheduleXref,omitempty"`
	Info            Info   `json:"_info,omitempty"`
}

// Manufacturer is a manufacturer (/procurement/manufacturers).
type Manufacturer struct {
	ID           int    `json:"id,omitempty"`
	Name         string `json:"name,omitempty"`
	InactiveFlag *bool  `json:"inactiveFlag,omitempty"`
	Info         Info   `json:"_info,omitempty"`
}
