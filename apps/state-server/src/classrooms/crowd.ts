import type { CrowdPolicy } from '@campus/protocol';

/**
 * Proximity links go peer to peer while a person has few (a direct call starts fastest and costs no server); once
 * someone has four links their upstream would carry four copies, so their links move to the SFU, which takes one.
 * They move back at two, not three, so a person at the edge of a group does not flip back and forth.
 */
export const DEFAULT_CROWD: CrowdPolicy = { enterLinks: 4, exitLinks: 2 };
