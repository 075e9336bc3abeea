/**
 * Pictures of episodes for people to check the data: {@link l2l.datasets.view.EpisodeGrid} draws
 * one row per label with its support and query images.
 */
package l2l.datasets.view;
