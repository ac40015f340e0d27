package connectwise

// ErrorResponse is ConnectWise's error body (ErrorResponseMessage) for every status but
// 429. Errors is null when there are no field errors, as ConnectWise writes it.
type ErrorResponse struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Errors  []ValidationError `json:"errors"`
}

// ValidationError is one field's problem in an ErrorResponse.
type ValidationError struct {
	Code     string `json:"code"`
	Message  string `json:"message"`
	Resource string `json:"resource,omitempty"`
	Field    string `json:"field,omitempty"`
	Details  string `json:"details,omitempty"`
}

// TooManyRequests is the body of a 429, in its own shape:
// {"error":"ConnectWiseAPI","message":"Too many requests. Please try again in 30 seconds."}.
// The answer's Retry-After header gives the wait in seconds.
type TooManyRequests struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// Error codes ConnectWise answers with (ErrorResponse.Code and ValidationError.Code).
const (
	// ErrorCodeInvalidObject: the request's object (a body, or a query parameter such as
	// conditions or pageSize) is invalid; Errors says which field.
	ErrorCodeInvalidObject = "InvalidObject"
	// ErrorCodeObjectExists: a duplicate key, e.g. an identifier already in use.
	ErrorCodeObjectExists = "ObjectExists"
	// ErrorCodeOutOfRange: a value outside its range.
	ErrorCodeOutOfRange = "OutOfRange"
	// ErrorCodeRequired: a required field is missing (the code's text is unconfirmed).
	ErrorCodeRequired = "Required"
	// ErrorCodeSecurity: e.g. "SSL is required." for plain HTTP.
	ErrorCodeSecurity = "Security"
	// ErrorCodeConnectWiseAPI is the code of authentication failures (message
	// MessageUserNotAuthenticated) and the `error` of a 429.
	ErrorCodeConnectWiseAPI = "ConnectWiseApi"
	// ErrorCodeNotFound: no such record (the body's exact text is unconfirmed).
	ErrorCodeNotFound = "NotFound"

	// MessageUserNotAuthenticated is the message of a refused key pair.
	MessageUserNotAuthenticated = "UserNotAuthenticated"
	// TooManyRequestsError is TooManyRequests.Error as ConnectWise writes it.
	TooManyRequestsError = "ConnectWiseAPI"
)
