package dev.flywall.grammar;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * The child list of a parse-tree node: most nodes have one or two children, which it keeps in
 * fields; further children go to an array. One object of 32 bytes where an {@code ArrayList} and
 * its array take 56, for each of the few hundred thousand nodes of a large file.
 */
final class ChildList extends AbstractList<ParseTree> implements RandomAccess {

    private ParseTree first;
    private ParseTree second;
    /** Children from index 2 on; null until there is a third. */
    private ParseTree[] rest;

    private int size;

    @Override
    public ParseTree get(int index) {
        Objects.checkIndex(index, size);
        return index == 0 ? first : index == 1 ? second : rest[index - 2];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean add(ParseTree child) {
        switch (size) {
            case 0 -> first = child;
            case 1 -> second = child;
            default -> {
                int at = size - 2;
                if (rest == null) {
                    rest = new ParseTree[2];
                } else if (at == rest.length) {
                    rest = Arrays.copyOf(rest, rest.length * 2);
                }
                rest[at] = child;
            }
        }
        size++;
        modCount++;
        return true;
    }

    @Override
    public ParseTree set(int index, ParseTree child) {
        Objects.checkIndex(index, size);
        ParseTree old = get(index);
        switch (index) {
            case 0 -> first = child;
            case 1 -> second = child;
            default -> rest[index - 2] = child;
        }
        return old;
    }

    @Override
    public void add(int index, ParseTree child) {
        Objects.checkIndex(index, size + 1);
        add(child); // grow by one, then shift [index, size - 1) one place right
        for (int i = size - 1; i > index; i--) {
            set(i, get(i - 1));
        }
        set(index, child);
    }

    @Override
    public ParseTree remove(int index) {
        Objects.checkIndex(index, size);
        ParseTree removed = get(index);
        for (int i = index; i < size - 1; i++) {
            set(i, get(i + 1));
        }
        set(size - 1, null);
        size--;
        modCount++;
        return removed;
    }
}
