/**
 * Finding datasets in an ordered list of folders by their contents:
 * {@link l2l.datasets.catalog.DatasetCatalog} recognises each dataset's layout, and an earlier
 * folder takes precedence over a later one for a dataset of the same name.
 */
package l2l.datasets.catalog;
