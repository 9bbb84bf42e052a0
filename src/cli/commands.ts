// The command registry: each command lives in its own file and exports `register(program)`.
// Add a command by importing its register function here (one line each).
import type { Command } from 'commander';
import { register as policy } from './policy.js';
import { register as controls } from './controls.js';
import { register as scan } from './scan.js';
import { register as diagnose } from './diagnose.js';
import { register as demo } from './demo.js';
import { register as fix } from './fix.js';
import { register as guardrails } from './guardrails.js';
import { register as iac } from './iac.js';
import { register as lab } from './lab.js';
import { register as alarms } from './alarms.js';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [demo, scan, diagnose, policy, controls, fix, guardrails, iac, lab, alarms];
