import { describeAccessMatrix } from './access-matrix';

// The authorization matrix, actors dealt into two parts that jest runs side by side.
describeAccessMatrix(2, 2);
