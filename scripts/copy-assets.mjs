// Copies the built front-end files the app serves from static/build/ (never from a CDN).
import { cpSync, mkdirSync } from "node:fs";

const out = "static/build";
mkdirSync(`${out}/fonts`, { recursive: true });
for (const f of ["govuk-frontend.min.js", "govuk-frontend.min.js.map"]) {
  cpSync(`node_modules/govuk-frontend/dist/govuk/${f}`, `${out}/${f}`);
}
for (const weight of ["400", "700"]) {
  const name = `atkinson-hyperlegible-latin-${weight}-normal.woff2`;
  cpSync(`node_modules/@fontsource/atkinson-hyperlegible/files/${name}`, `${out}/fonts/${name}`);
}
