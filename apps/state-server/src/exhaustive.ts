/** For the `default` of a switch that covers every case: a compile error when one is added, a throw if one slips by. */
export function exhaustiveSwitchError(value: never): never {
  throw new Error(`unhandled case ${JSON.stringify(value)}`);
}
