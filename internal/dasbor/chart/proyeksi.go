package chart

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Mercator is a spherical Mercator projection fitted to a bounding box: the box fills Width less the margin,
// and the height follows from the box's shape. Near the equator, as Indonesia is, it barely distorts.
type Mercator struct {
	Width, Height float64
	Margin        float64
	minX, maxY    float64
	scale         float64
}

// mercY is the Mercator ordinate of a latitude in degrees.
func mercY(lat float64) float64 {
	phi := lat * math.Pi / 180
	return math.Log(math.Tan(math.Pi/4 + phi/2))
}

// FitMercator fits the projection to longitudes minLon…maxLon and latitudes minLat…maxLat.
func FitMercator(minLon, minLat, maxLon, maxLat, width, margin float64) Mercator {
	m := Mercator{Width: width, Margin: margin}
	m.minX = minLon * math.Pi / 180
	maxX := maxLon * math.Pi / 180
	m.maxY = mercY(maxLat)
	m.scale = (width - 2*margin) / (maxX - m.minX)
	m.Height = (m.maxY-mercY(minLat))*m.scale + 2*margin
	return m
}

// Project returns the SVG coordinates of a longitude and latitude (y grows downwards).
func (m Mercator) Project(lon, lat float64) (x, y float64) {
	x = m.Margin + (lon*math.Pi/180-m.minX)*m.scale
	y = m.Margin + (m.maxY-mercY(lat))*m.scale
	return x, y
}

// Ring is a closed line of [lon, lat] points.
type Ring [][2]float64

// PathData encodes polygons (each a list of rings) as an SVG path on a whole-unit grid: an absolute move to
// each ring's first point, then relative lines, with repeated points dropped and rings that collapse to
// fewer than three points left out. Relative whole numbers keep the 38 provinces small enough for a page.
func (m Mercator) PathData(polygons [][]Ring) string {
	var b []byte
	for _, poly := range polygons {
		for _, ring := range poly {
			pts := m.grid(ring)
			if len(pts) < 3 {
				continue
			}
			b = append(b, 'M')
			b = strconv.AppendInt(b, int64(pts[0][0]), 10)
			b = appendSigned(b, pts[0][1])
			b = append(b, 'l')
			for i := 1; i < len(pts); i++ {
				dx, dy := pts[i][0]-pts[i-1][0], pts[i][1]-pts[i-1][1]
				if i == 1 {
					b = strconv.AppendInt(b, int64(dx), 10)
				} else {
					b = appendSigned(b, dx)
				}
				b = appendSigned(b, dy)
			}
			b = append(b, 'z')
		}
	}
	return string(b)
}

// appendSigned writes n after another number: a minus sign separates on its own, else a space.
func appendSigned(b []byte, n int) []byte {
	if n >= 0 {
		b = append(b, ' ')
	}
	return strconv.AppendInt(b, int64(n), 10)
}

// grid projects a ring to whole units and drops repeated points and the closing point.
func (m Mercator) grid(ring Ring) [][2]int {
	var out [][2]int
	for _, p := range ring {
		x, y := m.Project(p[0], p[1])
		q := [2]int{int(math.Round(x)), int(math.Round(y))}
		if len(out) > 0 && out[len(out)-1] == q {
			continue
		}
		out = append(out, q)
	}
	if len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1]
	}
	// Three points on one line enclose nothing.
	if len(out) == 3 && (out[1][0]-out[0][0])*(out[2][1]-out[0][1]) == (out[2][0]-out[0][0])*(out[1][1]-out[0][1]) {
		return nil
	}
	return out
}

// Province is one province's outline, projected.
type Province struct {
	Kode string
	Nama string
	Path string
}

// Map is the country outline at a width: every province's path, computed once and reused by every
// choropleth.
type Map struct {
	Width, Height int
	Provinces     []Province
}

type geoJSON struct {
	Features []struct {
		Properties struct {
			Kode string `json:"kode"`
			Nama string `json:"nama"`
		} `json:"properties"`
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

// NewMap projects the provinces of a GeoJSON FeatureCollection (properties kode and nama, Polygon or
// MultiPolygon geometries in WGS 84) onto a map width units wide.
func NewMap(geo []byte, width int) (*Map, error) {
	var fc geoJSON
	if err := json.Unmarshal(geo, &fc); err != nil {
		return nil, fmt.Errorf("chart: read GeoJSON: %w", err)
	}
	if len(fc.Features) == 0 {
		return nil, errors.New("chart: GeoJSON has no features")
	}
	shapes := make([][][]Ring, len(fc.Features))
	minLon, minLat, maxLon, maxLat := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i, f := range fc.Features {
		switch f.Geometry.Type {
		case "Polygon":
			var poly []Ring
			if err := json.Unmarshal(f.Geometry.Coordinates, &poly); err != nil {
				return nil, fmt.Errorf("chart: province %s: %w", f.Properties.Kode, err)
			}
			shapes[i] = [][]Ring{poly}
		case "MultiPolygon":
			if err := json.Unmarshal(f.Geometry.Coordinates, &shapes[i]); err != nil {
				return nil, fmt.Errorf("chart: province %s: %w", f.Properties.Kode, err)
			}
		default:
			return nil, fmt.Errorf("chart: province %s: geometry %q is not a polygon", f.Properties.Kode, f.Geometry.Type)
		}
		for _, poly := range shapes[i] {
			for _, ring := range poly {
				for _, p := range ring {
					minLon, maxLon = math.Min(minLon, p[0]), math.Max(maxLon, p[0])
					minLat, maxLat = math.Min(minLat, p[1]), math.Max(maxLat, p[1])
				}
			}
		}
	}
	proj := FitMercator(minLon, minLat, maxLon, maxLat, float64(width), 4)
	m := &Map{Width: width, Height: int(math.Ceil(proj.Height))}
	for i, f := range fc.Features {
		m.Provinces = append(m.Provinces, Province{Kode: f.Properties.Kode, Nama: f.Properties.Nama, Path: proj.PathData(shapes[i])})
	}
	return m, nil
}
