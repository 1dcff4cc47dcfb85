package main

import (
	"bytes"
	"fmt"

	"github.com/govault/govault/bench"
)

// chart draws two grouped bar charts as SVG: time per request relative to
// raw, and allocations per request, for each operation and client.
func chart(res map[string]map[string]result) []byte {
	colors := []string{"#888888", "#2b7bb9", "#e08a1e", "#7a4fb0"}
	const barW, gap, groupGap, chartH, top = 14, 2, 18, 160, 40
	groupW := len(bench.Clients)*(barW+gap) + groupGap
	width := 60 + len(bench.OpNames)*groupW*2 + 40
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">`+"\n", width, top+chartH+70)
	panel := func(x0 int, title string, value func(result, result) float64, maxV float64, unit string) {
		fmt.Fprintf(&b, `<text x="%d" y="20" font-size="13">%s</text>`+"\n", x0, title)
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/>`+"\n", x0, top+chartH, x0+len(bench.OpNames)*groupW, top+chartH)
		for gi, op := range bench.OpNames {
			gx := x0 + gi*groupW
			for ci, c := range bench.Clients {
				r, ok := res[op][c.Name]
				if !ok {
					continue
				}
				v := value(r, res[op]["raw"])
				h := int(float64(chartH) * v / maxV)
				fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"><title>%s %s: %.2f%s</title></rect>`+"\n",
					gx+ci*(barW+gap), top+chartH-h, barW, h, colors[ci%len(colors)], op, c.Name, v, unit)
			}
			fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`+"\n", gx, top+chartH+14, op)
		}
	}
	maxRatio, maxAllocs := 1.0, 1.0
	for _, byClient := range res {
		for _, r := range byClient {
			if ratio := r.vsRaw; ratio > maxRatio {
				maxRatio = ratio
			}
			if r.allocs > maxAllocs {
				maxAllocs = r.allocs
			}
		}
	}
	half := len(bench.OpNames) * groupW
	panel(40, "time per request, relative to raw net/http", func(r, _ result) float64 { return r.vsRaw }, maxRatio*1.1, "x")
	panel(40+half+40, "allocations per request", func(r, _ result) float64 { return r.allocs }, maxAllocs*1.1, "")
	for ci, c := range bench.Clients {
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d">%s</text>`+"\n", 40+ci*120, top+chartH+35, colors[ci%len(colors)], 55+ci*120, top+chartH+44, c.Name)
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}
