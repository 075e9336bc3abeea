/**
 * Saving and loading trained models as safetensors files with their configuration and
 * provenance; see {@link l2l.metalearner.checkpoint.Checkpoints} for the format.
 */
package l2l.metalearner.checkpoint;
