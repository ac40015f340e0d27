// Package api is the PSA Integration API contract as both sides share it: the OpenAPI
// document, the models generated from it, and the vocabulary (enum lists, display names,
// field limits) declared once in vocabulary.go. The server side lives in
// internal/emulator/apiserver, so the provider links no server code.
package api

//go:generate go tool -modfile=../../tools/go.mod oapi-codegen -config oapi-codegen.yaml openapi.yaml
