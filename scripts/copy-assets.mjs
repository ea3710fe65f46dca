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

// The door scanner: barcode-detector's IIFE ponyfill and the ZXing wasm it was built with.
// A wasm from another zxing-wasm version loads but never decodes, so compare its SHA-256
// with the one the ponyfill was built against and stop the build on a mismatch.
{
  const { readFileSync } = await import("node:fs");
  const { createHash } = await import("node:crypto");
  const ponyfill = "node_modules/barcode-detector/dist/iife/ponyfill.js";
  const wasm = "node_modules/zxing-wasm/dist/reader/zxing_reader.wasm";
  const expected = /ZXING_WASM_SHA256=(\w+)/.exec(readFileSync(ponyfill, "utf8"));
  const source = readFileSync(ponyfill, "utf8");
  const hash = expected && new RegExp(`${expected[1]}=\`([0-9a-f]{64})\``).exec(source);
  const actual = createHash("sha256").update(readFileSync(wasm)).digest("hex");
  if (!hash || hash[1] !== actual) {
    throw new Error(`zxing_reader.wasm does not match barcode-detector (${actual})`);
  }
  cpSync(ponyfill, `${out}/barcode-detector.js`);
  cpSync(wasm, `${out}/zxing_reader.wasm`);
}
