/** The campus palette: warm woods, soft greens, muted blues, cream walls. */
import { hex } from './png';

export const P = {
  ink: hex('#2a1f2d'),
  inkSoft: hex('#4a3b4f'),
  shadow: hex('#2a1f2d', 70),
  white: hex('#fbf7ee'),

  wood0: hex('#4e2e22'),
  wood1: hex('#70432c'),
  wood2: hex('#94603a'),
  wood3: hex('#b9814f'),
  wood4: hex('#d9a86f'),

  oak0: hex('#9a6a42'),
  oak1: hex('#b9865a'),
  oak2: hex('#d1a271'),
  oak3: hex('#e6c08e'),

  cream0: hex('#b9a182'),
  cream1: hex('#dcc8a6'),
  cream2: hex('#ede0c4'),
  cream3: hex('#f8f0de'),

  g0: hex('#1f3b2e'),
  g1: hex('#2d5a3b'),
  g2: hex('#3f7a45'),
  g3: hex('#5b9a4f'),
  g4: hex('#84b95d'),
  g5: hex('#b4d98a'),

  b0: hex('#2b3c5c'),
  b1: hex('#3d5c86'),
  b2: hex('#5a84ae'),
  b3: hex('#8db5d4'),
  b4: hex('#c6e2ee'),

  s0: hex('#4b4652'),
  s1: hex('#6b6570'),
  s2: hex('#918a8d'),
  s3: hex('#b5aca5'),
  s4: hex('#d8cfc2'),

  r0: hex('#5e2a36'),
  r1: hex('#8a3e4a'),
  r2: hex('#b95d64'),
  r3: hex('#e0958c'),

  y0: hex('#9c6a2a'),
  y1: hex('#d39d3f'),
  y2: hex('#efc870'),
  y3: hex('#faebb5'),

  p0: hex('#46344f'),
  p1: hex('#684c7a'),
  p2: hex('#9273a5'),
  p3: hex('#c2a8d0'),

  t0: hex('#24504e'),
  t1: hex('#35756c'),
  t2: hex('#56a092'),
  t3: hex('#93cbb6'),

  br0: hex('#683a33'),
  br1: hex('#8d4d3e'),
  br2: hex('#b06a50'),
  br3: hex('#cf8d6a'),

  cap0: hex('#3a2e3a'),
  cap1: hex('#574654'),
  cap2: hex('#6c5968'),
  cap3: hex('#8c7584'),
} as const;

export type PaletteKey = keyof typeof P;
