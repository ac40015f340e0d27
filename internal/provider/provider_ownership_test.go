package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportRecipeIsDocumented: the command the first "not in this state" error gives is the
// one the provider's page documents, character for character.
func TestImportRecipeIsDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "index.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "  "+importRecipe+"\n") {
		t.Errorf("docs/index.md does not give the import command of the errors:\n%s", importRecipe)
	}
}
