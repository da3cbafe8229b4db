// Package frontend embeds the built console and playground (Vite output in dist/).
package frontend

import "embed"

// Dist holds the Vite build: index.html (the console), playground.html (GraphiQL) and assets/.
// On a clean clone it holds only dist/.gitkeep until `npm run build` has run in frontend/.
//
//go:embed all:dist
var Dist embed.FS
