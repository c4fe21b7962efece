package dasbor

import (
	"cmp"
	"slices"
)

// Suppression reasons.
const (
	// ReasonFewFamilies: the figure is built from fewer than the minimum number of families.
	ReasonFewFamilies = "sedikit"
	// ReasonComplement: the families outside the figure (its total minus the figure) are fewer than the
	// minimum, so the figure would expose them.
	ReasonComplement = "komplemen"
	// ReasonSecondary: the figure could be computed back from a total and the other figures shown beside a
	// withheld one.
	ReasonSecondary = "sekunder"
)

// Suppress decides which figures of a complete, valid release are withheld from the public, and why. A
// figure is withheld when
//
//   - it is built from fewer than minKeluarga families (zero included), or
//   - it counts families that are part of a total, and fewer than minKeluarga families of that total are
//     outside it (but some are), or
//   - exactly one figure of a group that adds up to a shown total is withheld: then the smallest other one
//     is withheld too, so the first cannot be computed by subtraction. The groups are the 38 provinces of
//     each figure (they add up to Nasional) and the cells of a breakdown (they add up to their parent).
//
// The secondary rule is applied until nothing changes. minKeluarga below 1 withholds nothing.
func Suppress(values []Value, provinces []Wilayah, minKeluarga int) map[Key]string {
	out := map[Key]string{}
	if minKeluarga < 1 {
		return out
	}
	min := int64(minKeluarga)
	byKey := make(map[Key]Value, len(values))
	for _, v := range values {
		byKey[v.Key()] = v
	}
	for _, v := range values {
		if v.Keluarga < min {
			out[v.Key()] = ReasonFewFamilies
			continue
		}
		in, _ := Find(v.Indikator)
		if in.Parent != "" && in.Rincian == nil {
			total := byKey[Key{JumlahKeluarga, v.Wilayah, ""}].Keluarga
			if outside := total - v.Keluarga; in.Unit == UnitKeluarga && outside > 0 && outside < min {
				out[v.Key()] = ReasonComplement
			}
		}
	}
	groups := additiveGroups(provinces)
	for changed := true; changed; {
		changed = false
		for _, g := range groups {
			if protectGroup(g, byKey, out) {
				changed = true
			}
		}
	}
	return out
}

// group is a set of figures that add up to a total shown beside them.
type group struct {
	total Key
	parts []Key
}

func additiveGroups(provinces []Wilayah) []group {
	var gs []group
	for _, in := range Indicators {
		for _, r := range in.Keys() {
			g := group{total: Key{in.Kode, Nasional, r}}
			for _, p := range provinces {
				g.parts = append(g.parts, Key{in.Kode, p.Kode, r})
			}
			gs = append(gs, g)
		}
		if in.Rincian == nil {
			continue
		}
		for _, w := range append([]string{Nasional}, provinceCodes(provinces)...) {
			g := group{total: Key{in.Parent, w, ""}}
			for _, r := range in.Rincian {
				g.parts = append(g.parts, Key{in.Kode, w, r})
			}
			gs = append(gs, g)
		}
	}
	return gs
}

// protectGroup withholds the smallest shown part when exactly one part of a shown total is withheld. It
// reports whether it withheld anything.
func protectGroup(g group, byKey map[Key]Value, out map[Key]string) bool {
	if _, hidden := out[g.total]; hidden {
		return false
	}
	var shown []Key
	for _, k := range g.parts {
		if _, hidden := out[k]; !hidden {
			shown = append(shown, k)
		}
	}
	if len(g.parts)-len(shown) != 1 || len(shown) == 0 {
		return false
	}
	smallest := slices.MinFunc(shown, func(a, b Key) int {
		return cmp.Or(cmp.Compare(byKey[a].Nilai, byKey[b].Nilai), cmp.Compare(a.Wilayah, b.Wilayah), cmp.Compare(a.Rincian, b.Rincian))
	})
	out[smallest] = ReasonSecondary
	return true
}
