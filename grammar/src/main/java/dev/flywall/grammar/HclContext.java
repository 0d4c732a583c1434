package dev.flywall.grammar;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * The superclass of every parse-tree node of {@link HclParser}: a node has one to a few children,
 * so its child list is a {@link ChildList}, which keeps two in fields, instead of an
 * {@code ArrayList} of ANTLR's default ten slots.
 */
public class HclContext extends ParserRuleContext {

    public HclContext() {}

    public HclContext(ParserRuleContext parent, int invokingStateNumber) {
        super(parent, invokingStateNumber);
    }

    @Override
    public <T extends ParseTree> T addAnyChild(T t) {
        if (children == null) {
            children = new ChildList();
        }
        return super.addAnyChild(t);
    }
}
