/**
 * Draws the demo seed's product photos once (pnpm --filter @cc/api exec tsx src/cli/seed-photos-draw.ts): a simple
 * illustration of each demo product (SVG shapes rendered by sharp, no fonts so it draws the same on every machine),
 * 600×600 JPEG, into packages/api/seed-photos/<SKU>.jpg. The files are committed; the seed only uploads them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { SEED_PHOTO_DIR } from './seed-photos';

const SIZE_PX = 600;

/** A soft backdrop and a table edge, the same for every photo so the list looks like one shop. */
function scene(bg: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE_PX}" height="${SIZE_PX}" viewBox="0 0 600 600">
<defs><radialGradient id="g" cx="50%" cy="40%" r="75%"><stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="${bg}"/></radialGradient>
<linearGradient id="shine" x1="0" x2="1"><stop offset="0" stop-color="#fff" stop-opacity="0.35"/><stop offset="0.5" stop-color="#fff" stop-opacity="0"/></linearGradient></defs>
<rect width="600" height="600" fill="url(#g)"/><rect y="470" width="600" height="130" fill="#d9c3a0"/><rect y="470" width="600" height="8" fill="#c4a97f"/>
<ellipse cx="300" cy="500" rx="220" ry="26" fill="#000" opacity="0.12"/>${body}</svg>`;
}

const leaf = (x: number, y: number, r: number, rot: number, fill = '#3f8f3a') =>
  `<g transform="translate(${x} ${y}) rotate(${rot})"><path d="M0 0 C ${r * 0.5} ${-r * 0.5}, ${r * 1.2} ${-r * 0.3}, ${r * 1.6} 0 C ${r * 1.2} ${r * 0.3}, ${r * 0.5} ${r * 0.5}, 0 0 Z" fill="${fill}"/><path d="M0 0 L ${r * 1.5} 0" stroke="#2c6b28" stroke-width="3"/></g>`;

/** A stand-up pouch or a sack with a round window onto what is inside. */
function bag(color: string, inside: string, opts: { sack?: boolean } = {}): string {
  const top = opts.sack
    ? `<path d="M170 170 Q300 120 430 170 L 420 150 Q300 100 180 150 Z" fill="${color}" opacity="0.8"/>`
    : `<rect x="185" y="150" width="230" height="26" rx="6" fill="#00000022"/>`;
  return `<path d="M175 160 L425 160 L445 470 Q300 490 155 470 Z" fill="${color}"/>${top}
<path d="M175 160 L215 160 L200 470 L155 470 Z" fill="url(#shine)"/>
<circle cx="300" cy="330" r="92" fill="#fffdf5"/><clipPath id="win"><circle cx="300" cy="330" r="88"/></clipPath><g clip-path="url(#win)">${inside}</g>
<circle cx="300" cy="330" r="92" fill="none" stroke="#00000033" stroke-width="6"/>`;
}

/** A bottle or jug holding a coloured liquid. */
function bottle(liquid: string, cap: string, opts: { wide?: boolean; handle?: boolean } = {}): string {
  const w = opts.wide ? 120 : 80;
  const handle = opts.handle
    ? `<path d="M${300 + w - 10} 200 q60 10 50 90 q-5 40 -50 40" fill="none" stroke="${cap}" stroke-width="18"/>`
    : '';
  return `${handle}<rect x="270" y="70" width="60" height="50" rx="8" fill="${cap}"/>
<path d="M280 120 L320 120 L${300 + w} 200 L${300 + w} 460 Q300 480 ${300 - w} 460 L${300 - w} 200 Z" fill="${liquid}" opacity="0.92"/>
<rect x="${300 - w + 10}" y="270" width="${2 * w - 20}" height="110" rx="10" fill="#fffdf5"/>
<path d="M${300 - w + 14} 210 L${300 - w + 34} 210 L${300 - w + 34} 450 L${300 - w + 14} 445 Z" fill="url(#shine)"/>`;
}

const egg = (x: number, y: number, fill: string) =>
  `<ellipse cx="${x}" cy="${y}" rx="40" ry="52" fill="${fill}" stroke="#00000022" stroke-width="3"/><ellipse cx="${x - 12}" cy="${y - 18}" rx="10" ry="16" fill="#fff" opacity="0.5"/>`;

function eggBox(fill: string): string {
  const eggs = [170, 260, 350, 440].flatMap((x) => [egg(x, 330, fill)]).join('');
  return `<rect x="110" y="360" width="380" height="110" rx="16" fill="#b8a07a"/>${eggs}${[170, 260, 350, 440]
    .map((x) => `<path d="M${x - 45} 370 Q${x} 410 ${x + 45} 370" fill="#a88f68"/>`)
    .join('')}`;
}

const fruit = (x: number, y: number, r: number, fill: string) =>
  `<circle cx="${x}" cy="${y}" r="${r}" fill="${fill}"/><circle cx="${x - r * 0.35}" cy="${y - r * 0.35}" r="${r * 0.22}" fill="#fff" opacity="0.35"/>`;

function pile(draw: (x: number, y: number) => string): string {
  return [
    [200, 420],
    [300, 430],
    [400, 420],
    [250, 350],
    [350, 350],
    [300, 285],
  ]
    .map(([x, y]) => draw(x as number, y as number))
    .join('');
}

function leafyBunch(stem: string, leafFill: string, root?: string): string {
  const leaves = [-60, -35, -12, 12, 35, 60]
    .map(
      (a) =>
        `<g transform="rotate(${a} 300 440)"><path d="M300 440 C 230 330, 240 170, 300 130 C 360 170, 370 330, 300 440 Z" fill="${leafFill}"/><path d="M300 440 L300 150" stroke="${stem}" stroke-width="16"/></g>`,
    )
    .join('');
  return `${leaves}${root ? `<path d="M300 440 l-12 40 M300 440 l12 38 M300 440 l0 44" stroke="${root}" stroke-width="8"/>` : ''}`;
}

/** Each demo product (catalog/seeding.ts's SKUs) as a picture. */
const PICTURES: Record<string, () => string> = {
  'JS-TEA-01': () =>
    scene(
      '#cfe3c4',
      `<rect x="200" y="170" width="200" height="300" rx="20" fill="#2f6b3a"/><rect x="190" y="150" width="220" height="50" rx="12" fill="#c9a64a"/><circle cx="300" cy="320" r="70" fill="#f4efd9"/>${leaf(255, 330, 60, -30)}${leaf(300, 340, 55, -70, '#4fa046')}<path d="M200 190 L230 190 L230 460 L200 455 Z" fill="url(#shine)"/>`,
    ),
  'JS-TEA-02': () =>
    scene(
      '#d8e8cc',
      bag(
        '#7fa35a',
        `<rect width="600" height="600" fill="#e8f0d8"/>${leaf(250, 340, 50, -20)}${leaf(290, 320, 50, -60, '#5ba04e')}${leaf(320, 360, 45, 10)}`,
      ),
    ),
  'JS-SUN-02': () =>
    scene(
      '#eadfc8',
      bag(
        '#b98b4e',
        [0, 1, 2, 3, 4, 5]
          .map(
            (i) => `<path d="M${220 + i * 30} 260 q10 70 -5 140" stroke="#8a5a22" stroke-width="14" fill="none" stroke-linecap="round"/>`,
          )
          .join(''),
      ),
    ),
  'JS-EGG-01': () => scene('#f0e2cf', eggBox('#e8c39a')),
  'JS-EGG-02': () => scene('#e1ece8', eggBox('#dbe9e1')),
  'JS-SUN-01': () =>
    scene(
      '#efe4cf',
      [200, 300, 400]
        .map(
          (x, i) =>
            `<g transform="rotate(${(i - 1) * 12} ${x} 440)"><path d="M${x - 55} 450 Q${x} ${200 + i * 10} ${x + 55} 450 Z" fill="#a9773f"/><path d="M${x - 40} 420 Q${x} 400 ${x + 40} 420 M${x - 30} 370 Q${x} 352 ${x + 30} 370 M${x - 18} 320 Q${x} 306 ${x + 18} 320" stroke="#6e4a22" stroke-width="6" fill="none"/></g>`,
        )
        .join(''),
    ),
  'JS-CHK-01': () =>
    scene(
      '#f2e6d0',
      `<ellipse cx="300" cy="360" rx="150" ry="110" fill="#c9803a"/><path d="M170 330 Q110 260 150 220 Q180 300 220 300 Z" fill="#8e4f1e"/><circle cx="400" cy="250" r="62" fill="#c9803a"/><path d="M380 190 q10 -30 20 0 q10 -30 20 0 q10 -25 18 5 Z" fill="#cf2e2e"/><path d="M458 250 l36 12 l-36 12 Z" fill="#e8a92a"/><circle cx="415" cy="242" r="8" fill="#222"/><path d="M430 290 q10 30 -8 36" fill="#cf2e2e"/><path d="M270 460 l-10 30 M330 460 l10 30" stroke="#e8a92a" stroke-width="10"/><path d="M230 340 Q300 300 360 360" stroke="#a8622a" stroke-width="14" fill="none"/>`,
    ),
  'BS-VEG-01': () => scene('#dcedd4', leafyBunch('#eef5e4', '#4f9a3c')),
  'BS-VEG-02': () => scene('#d6e8d0', leafyBunch('#6aa84f', '#2e7a2e', '#d45a8a')),
  'BS-VEG-03': () =>
    scene(
      '#e6eee0',
      `<g transform="rotate(-20 300 330)"><path d="M250 230 Q300 210 350 230 L320 470 Q300 500 280 470 Z" fill="#f7f5ee" stroke="#d8d4c6" stroke-width="4"/>${leaf(300, 230, 70, -110)}${leaf(300, 230, 70, -70, '#4fa046')}${leaf(300, 230, 60, -90)}</g>`,
    ),
  'BS-VEG-04': () =>
    scene(
      '#efe0d6',
      pile(
        (x, y) =>
          `<ellipse cx="${x}" cy="${y}" rx="62" ry="36" fill="#a8404f" transform="rotate(${(x % 3) * 15 - 15} ${x} ${y})"/><ellipse cx="${x - 15}" cy="${y - 10}" rx="20" ry="6" fill="#fff" opacity="0.25"/>`,
      ),
    ),
  'BS-VEG-05': () =>
    scene(
      '#ece3d6',
      pile(
        (x, y) =>
          `<rect x="${x - 12}" y="${y}" width="24" height="40" rx="8" fill="#efe4cc"/><path d="M${x - 60} ${y + 5} Q${x} ${y - 70} ${x + 60} ${y + 5} Z" fill="#7a4a26"/><circle cx="${x - 20}" cy="${y - 22}" r="6" fill="#d9b48a"/><circle cx="${x + 18}" cy="${y - 14}" r="5" fill="#d9b48a"/>`,
      ),
    ),
  'BS-FRU-01': () => scene('#f6e6cc', `${pile((x, y) => fruit(x, y, 58, '#f08a1c'))}${leaf(300, 228, 50, -40)}`),
  'BS-FRU-02': () =>
    scene(
      '#e7eed6',
      [210, 390]
        .map(
          (x) =>
            `<circle cx="${x}" cy="340" r="95" fill="#7b5a32"/><circle cx="${x}" cy="340" r="82" fill="#9cc84a"/><circle cx="${x}" cy="340" r="34" fill="#c8443a"/><circle cx="${x}" cy="340" r="16" fill="#f3efd0"/>${[0, 45, 90, 135, 180, 225, 270, 315].map((a) => `<circle cx="${x + 46 * Math.cos((a * Math.PI) / 180)}" cy="${340 + 46 * Math.sin((a * Math.PI) / 180)}" r="5" fill="#222"/>`).join('')}`,
        )
        .join(''),
    ),
  'BS-PRO-01': () =>
    scene(
      '#ece0cf',
      bag(
        '#8c6a45',
        pile(
          (x, y) =>
            `<path d="M${x - 34} ${y - 20} q14 -22 34 -6 q20 -16 34 6 q10 26 -10 40 q-24 12 -48 0 q-20 -14 -10 -40 Z" fill="#a8703a" transform="translate(0 -60)"/>`,
        ),
      ),
    ),
  'YL-RICE-01': () => scene('#ece6d8', bag('#f1e8d2', riceGrains(), { sack: true })),
  'YL-RICE-02': () => scene('#e4e8ee', bag('#c23b32', riceGrains(), { sack: true })),
  'YL-FLO-01': () =>
    scene(
      '#f3ead6',
      `<g transform="rotate(-12 300 330)">${Array.from({ length: 18 }, (_, i) => `<rect x="${215 + i * 10}" y="160" width="6" height="300" fill="#f1d98f"/>`).join('')}<rect x="200" y="280" width="200" height="60" rx="8" fill="#c23b32"/></g>`,
    ),
  'YL-OIL-01': () => scene('#f3ecd2', bottle('#e6b422', '#2f6b3a', { wide: true, handle: true })),
  'YL-OIL-02': () => scene('#f3e8d0', bottle('#d9a21b', '#c23b32')),
  'YL-SEA-01': () => scene('#ece4dc', bottle('#3a1f12', '#c23b32')),
  'YL-TOF-01': () =>
    scene(
      '#e6ecef',
      `<rect x="150" y="300" width="300" height="170" rx="14" fill="#cfd8dc"/><rect x="175" y="250" width="250" height="170" rx="10" fill="#fbf8ef" stroke="#e2dccb" stroke-width="4"/><path d="M175 250 L220 215 L470 215 L425 250 Z" fill="#fffdf6"/><path d="M425 250 L470 215 L470 385 L425 420 Z" fill="#ece6d4"/>`,
    ),
  'YL-DAI-01': () =>
    `${scene('#dfeef0', `${bottle('#47b04b', '#1f6fb2')}${[0, 1, 2, 3].map((i) => `<circle cx="${420 + i * 22}" cy="${180 + i * 50}" r="${16 + i * 4}" fill="none" stroke="#7cc3e8" stroke-width="5"/>`).join('')}`)}`,
  'YL-DAI-02': () =>
    scene(
      '#e8ecf2',
      `<rect x="150" y="260" width="300" height="210" rx="12" fill="#7fb6e0"/><rect x="150" y="260" width="300" height="40" fill="#5b9bcf"/><ellipse cx="300" cy="262" rx="70" ry="14" fill="#2c5f8a"/><path d="M260 262 Q300 140 350 200 Q330 230 340 262 Z" fill="#ffffff" stroke="#d6dde3" stroke-width="4"/>${leaf(200, 380, 40, -20, '#ffffff')}`,
    ),
  'YL-DAI-03': () =>
    scene(
      '#e3eef3',
      `<g transform="rotate(-18 300 340)"><path d="M170 290 L400 270 L400 410 L170 390 Z" fill="#ffffff" stroke="#cfd8dc" stroke-width="4"/><rect x="400" y="300" width="50" height="80" rx="6" fill="#2f8f5b"/><path d="M200 300 L380 290 L380 320 L200 328 Z" fill="#2f8f5b"/><path d="M170 290 L150 300 L150 380 L170 390 Z" fill="#e0e6e8"/></g>`,
    ),
};

function riceGrains(): string {
  const grains: string[] = [];
  for (let i = 0; i < 60; i++) {
    const x = 210 + ((i * 37) % 180);
    const y = 250 + ((i * 53) % 170);
    grains.push(
      `<ellipse cx="${x}" cy="${y}" rx="9" ry="4" fill="#f4f1e6" stroke="#d9d2bd" stroke-width="1.5" transform="rotate(${(i * 47) % 180} ${x} ${y})"/>`,
    );
  }
  return `<rect width="600" height="600" fill="#fbf8ee"/>${grains.join('')}`;
}

async function main(): Promise<void> {
  await mkdir(SEED_PHOTO_DIR, { recursive: true });
  for (const [sku, draw] of Object.entries(PICTURES)) {
    const jpeg = await sharp(Buffer.from(draw())).flatten({ background: '#ffffff' }).jpeg({ quality: 78, mozjpeg: true }).toBuffer();
    await writeFile(new URL(`${sku}.jpg`, SEED_PHOTO_DIR), jpeg);
    console.log(`${sku}.jpg ${Math.round(jpeg.length / 1024)} KB`);
  }
}

await main();
