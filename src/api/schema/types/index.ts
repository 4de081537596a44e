// Every built-in type definition, gathered from the generated per-package modules.
import type { TypeDef } from '../types.ts';
import { types as apiextensionsV1 } from './apiextensions-v1.ts';
import { types as appsV1 } from './apps-v1.ts';
import { types as authenticationV1 } from './authentication-v1.ts';
import { types as authorizationV1 } from './authorization-v1.ts';
import { types as autoscalingV1 } from './autoscaling-v1.ts';
import { types as autoscalingV2 } from './autoscaling-v2.ts';
import { types as batchV1 } from './batch-v1.ts';
import { types as coordinationV1 } from './coordination-v1.ts';
import { types as coreV1 } from './core-v1.ts';
import { types as discoveryV1 } from './discovery-v1.ts';
import { types as eventsV1 } from './events-v1.ts';
import { types as metaV1 } from './meta-v1.ts';
import { types as networkingV1 } from './networking-v1.ts';
import { types as policyV1 } from './policy-v1.ts';
import { types as rbacV1 } from './rbac-v1.ts';
import { types as runtime } from './runtime.ts';
import { types as schedulingV1 } from './scheduling-v1.ts';
import { types as storageV1 } from './storage-v1.ts';

export const builtinTypes: readonly TypeDef[] = [
  ...apiextensionsV1,
  ...appsV1,
  ...authenticationV1,
  ...authorizationV1,
  ...autoscalingV1,
  ...autoscalingV2,
  ...batchV1,
  ...coordinationV1,
  ...coreV1,
  ...discoveryV1,
  ...eventsV1,
  ...metaV1,
  ...networkingV1,
  ...policyV1,
  ...rbacV1,
  ...runtime,
  ...schedulingV1,
  ...storageV1,
];
