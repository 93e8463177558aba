import type { Command } from 'commander';
import { register as accessReview } from './access-review.js';
import { register as catalog } from './catalog.js';
import { register as check } from './check.js';
import { register as collect } from './collect.js';
import { register as controls } from './controls.js';
import { register as diff } from './diff.js';
import { register as doctor } from './doctor.js';
import { register as history } from './history.js';
import { register as init } from './init.js';
import { register as keygen } from './keygen.js';
import { register as merge } from './merge.js';
import { register as pack } from './pack.js';
import { register as permissions } from './permissions.js';
import { register as populations } from './populations.js';
import { register as remediate } from './remediate.js';
import { register as sandbox } from './sandbox.js';
import { register as verify } from './verify.js';

/** Each command module registers itself on the program. */
export type Register = (program: Command) => void;

export const commands: Register[] = [
  init,
  doctor,
  collect,
  check,
  controls,
  catalog,
  permissions,
  sandbox,
  history,
  diff,
  pack,
  verify,
  keygen,
  merge,
  populations,
  accessReview,
  remediate,
];
