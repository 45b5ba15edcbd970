// Projects Natural Earth country outlines (npm `world-atlas`, public domain) onto a map of
// Europe and prints SVG path data as JSON. Run through scripts/build_eu_map.py, which
// installs the npm packages in a temporary folder and writes the Django template.
//
// Usage: node eu_map_project.mjs <countries-50m.json> <width> <height> <min-weight>
import { readFileSync } from "node:fs";
import { geoAzimuthalEqualArea, geoBounds, geoCentroid, geoPath } from "d3-geo";
import { feature } from "topojson-client";
import { presimplify, simplify } from "topojson-simplify";

const [source, widthArg, heightArg, minWeightArg] = process.argv.slice(2);
const width = Number(widthArg);
const height = Number(heightArg);
const topology = simplify(presimplify(JSON.parse(readFileSync(source, "utf8"))), Number(minWeightArg));
const countries = feature(topology, topology.objects.countries).features;

// Lambert azimuthal equal-area centred on Europe, like the EU's own ETRS89-LAEA grid.
// The frame spans Portugal and Ireland to Finland and Cyprus; overseas territories fall outside.
const frame = {
  type: "MultiPoint",
  coordinates: [[-10.5, 35], [34.5, 34.2], [-10.5, 60], [31, 70.2], [10, 71.2], [10, 34.5]],
};
const projection = geoAzimuthalEqualArea()
  .rotate([-10, -52])
  .fitExtent([[8, 8], [width - 8, height - 8]], frame)
  .clipExtent([[0, 0], [width, height]]);
const path = geoPath(projection).digits(1);

const shapes = [];
for (const country of countries) {
  const d = path(country);
  if (!d) continue;
  const [[x0, y0], [x1, y1]] = path.bounds(country);
  if (x1 <= 0 || y1 <= 0 || x0 >= width || y0 >= height) continue;
  // Centroid of the largest polygon, for markers on small states.
  let main = country.geometry;
  if (main.type === "MultiPolygon") {
    const parts = main.coordinates.map((coordinates) => ({ type: "Polygon", coordinates }));
    main = parts.reduce((a, b) => (path.area(a) >= path.area(b) ? a : b));
  }
  const [cx, cy] = projection(geoCentroid(main));
  shapes.push({
    id: country.id ?? null,
    name: country.properties.name,
    d,
    area: Math.round(path.area(country)),
    centroid: [Math.round(cx * 10) / 10, Math.round(cy * 10) / 10],
  });
}
process.stdout.write(JSON.stringify({ width, height, shapes, bounds: geoBounds(frame) }));
