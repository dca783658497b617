// The memory of a bare Node process that has loaded the engine: the baseline for the snapshot's cost.
import '../../shared/engine/simulate.js';
import { peakRssMb, report } from '../measure.js';

report('baseline-process', { peakRssMb: peakRssMb() });
