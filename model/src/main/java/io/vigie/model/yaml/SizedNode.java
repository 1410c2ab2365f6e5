package io.vigie.model.yaml;

/**
 * A node read from the document and the number of nodes it stands for once its aliases are
 * expanded.
 *
 * <p>Apart from {@link YamlTreeReader} because both the reader (which builds nodes) and {@link
 * AliasExpansion} (which anchors them and charges their size to the expansion budget) hold it.
 */
record SizedNode(YamlNode node, long size) {}
