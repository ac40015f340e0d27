package testharness

import (
	"strings"
	"testing"
)

func TestConfigurationWritesHCL(t *testing.T) {
	base := NewConfig().Provider(Attrs{"api_url": "http://127.0.0.1:1", "client_id": "c"})
	got := base.
		Resource("sophos_thing", "x", Attrs{
			"name":     "say \"hi\"\n${not.a.template} 100%{x}",
			"count":    2,
			"provider": Expr("sophos"),
			"price":    4.5,
			"id":       int64(7),
			"on":       true,
			"skipped":  nil,
			"tags":     []string{"a", "b"},
			"nested":   Attrs{"ref": Expr("data.x.y.id")},
		}).
		Block("moved", Attrs{"from": Expr("a.b"), "to": Expr("c.b")}).
		String()
	want := `provider "sophos" {
  api_url = "http://127.0.0.1:1"
  client_id = "c"
}

resource "sophos_thing" "x" {
  count = 2
  provider = sophos
  id = 7
  name = "say \"hi\"\n$${not.a.template} 100%%{x}"
  nested = {
    ref = data.x.y.id
  }
  on = true
  price = 4.5
  tags = ["a", "b"]
}

moved {
  from = a.b
  to = c.b
}
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// The base is unchanged, and two configurations built from it do not share blocks.
	a, b := base.Data("x", "a", nil), base.Data("x", "b", nil)
	if strings.Contains(base.String(), "data") || strings.Contains(a.String(), `"b"`) || strings.Contains(b.String(), `"a"`) {
		t.Errorf("configurations share blocks:\n%s\n%s\n%s", base, a, b)
	}
}

func TestAttrsWith(t *testing.T) {
	a := Attrs{"x": 1, "y": 2}
	b := a.With(Attrs{"y": nil, "z": 3})
	if len(a) != 2 || a["y"] != 2 {
		t.Errorf("With changed its receiver: %v", a)
	}
	if got := NewConfig().Data("t", "n", b).String(); got != "data \"t\" \"n\" {\n  x = 1\n  z = 3\n}\n" {
		t.Errorf("got %q", got)
	}
}
