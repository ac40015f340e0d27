package sample

const (
	FieldName       = "name"
	FieldInvented   = "nope"
	FieldAgain      = "name"
	FieldNotLiteral = FieldName
	FieldsPath      = "/not/a/field"
	fieldPrivate    = "zzz"
)
