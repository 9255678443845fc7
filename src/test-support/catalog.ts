import { AREAS } from '../engine/areas.js';
import { catalogOf } from '../engine/catalog.js';

/** The catalog a console gets from an engine with every area (for tests of pure UI code). */
export const CATALOG = catalogOf(AREAS);
