package testharness

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Invoked is what one invocation of an action reported: its progress messages and the
// diagnostics it completed with.
type Invoked struct {
	Progress    []string
	Diagnostics diag.Diagnostics
}

// InvokeAction sends InvokeAction for actionType with the configuration values (every other
// argument null) to s and collects its events.
func (s *Server) InvokeAction(actionType string, config map[string]tftypes.Value) Invoked {
	s.t.Helper()
	schema := s.schemas.ActionSchemas[actionType]
	if schema == nil {
		s.t.Fatalf("the provider has no action %s", actionType)
	}
	invoker, ok := s.server.(tfprotov6.ActionServer)
	if !ok {
		s.t.Fatal("the provider's server serves no actions")
	}
	stream, err := invoker.InvokeAction(s.ctx, &tfprotov6.InvokeActionRequest{
		ActionType: actionType,
		Config:     s.value(schema.Schema, config),
	})
	if err != nil {
		s.t.Fatal(err)
	}
	var out Invoked
	for ev := range stream.Events {
		switch e := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			out.Progress = append(out.Progress, e.Message)
		case tfprotov6.CompletedInvokeActionEventType:
			out.Diagnostics = Diagnostics(e.Diagnostics)
		}
	}
	return out
}
