// Every controller kites runs, by name (as kube-controller-manager's --controllers names them).
// A controller joins with one import and one entry.
import type { ControllerFactory } from './types.ts';

export const controllerFactories: Record<string, ControllerFactory> = {};
