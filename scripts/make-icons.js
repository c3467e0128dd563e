#!/usr/bin/env node
// Draws the AltHedge icon (a white shield with a falling line held by a level bar, on Fluent blue) at
// 16, 32, 64 and 80 px into assets/. Pure Node: a 4×4-supersampled rasteriser and a minimal PNG writer.
// Run `node scripts/make-icons.js` after changing the drawing; the PNGs are committed.
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const BLUE = [15, 108, 189];
const WHITE = [255, 255, 255];

// Shapes in a 0..1 unit square; each returns true when the point is inside.
const roundedSquare = (x, y) => {
  const r = 0.2;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const shield = (x, y) => {
  if (x < 0.22 || x > 0.78 || y < 0.16 || y > 0.86) return false;
  if (y <= 0.52) return true;
  const half = 0.28 * Math.sqrt(Math.max(0, 1 - ((y - 0.52) / 0.34) ** 2));
  return Math.abs(x - 0.5) <= half;
};
const distanceToSegment = (x, y, [x1, y1, x2, y2]) => {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy));
};
const fallingLine = (x, y) =>
  [
    [0.32, 0.3, 0.44, 0.44],
    [0.44, 0.44, 0.54, 0.36],
    [0.54, 0.36, 0.68, 0.56],
  ].some((segment) => distanceToSegment(x, y, segment) < 0.045);
const levelBar = (x, y) => y > 0.62 && y < 0.7 && x > 0.34 && x < 0.66;

function pixel(x, y) {
  if (!roundedSquare(x, y)) return null;
  if (shield(x, y) && !fallingLine(x, y) && !levelBar(x, y)) return WHITE;
  return BLUE;
}

function render(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = pixel((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (colour) {
            r += colour[0];
            g += colour[1];
            b += colour[2];
            a += 1;
          }
        }
      }
      const i = (py * size + px) * 4;
      rgba[i] = a ? Math.round(r / a) : 0;
      rgba[i + 1] = a ? Math.round(g / a) : 0;
      rgba[i + 2] = a ? Math.round(b / a) : 0;
      rgba[i + 3] = Math.round((255 * a) / (samples * samples));
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buffer) => {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const out = path.resolve(__dirname, "../assets");
fs.mkdirSync(out, { recursive: true });
for (const size of [16, 32, 64, 80]) {
  fs.writeFileSync(path.join(out, `icon-${size}.png`), png(size, render(size)));
}
console.log(`Wrote assets/icon-{16,32,64,80}.png`);
