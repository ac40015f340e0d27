package sample

type Good struct {
	ID   int    `json:"id"`
	Name string `json:"name,omitempty"`
}

type Typo struct {
	ID       int    `json:"id"`
	Invented string `json:"invented"`
	Untagged string
}

type Alias = Good

type Twice struct {
	A string `json:"a"`
	B string `json:"a,omitempty"`
}
