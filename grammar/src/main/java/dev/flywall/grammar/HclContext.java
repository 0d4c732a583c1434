package dev.flywall.grammar;

import java.util.ArrayList;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * The superclass of every parse-tree node of {@link HclParser}: a node has one to a few children,
 * so its child list starts at four slots instead of ANTLR's default of ten.
 */
public class HclContext extends ParserRuleContext {

    private static final int INITIAL_CHILDREN = 4;

    public HclContext() {
    }

    public HclContext(ParserRuleContext parent, int invokingStateNumber) {
        super(parent, invokingStateNumber);
    }

    @Override
    public <T extends ParseTree> T addAnyChild(T t) {
        if (children == null) {
            children = new ArrayList<>(INITIAL_CHILDREN);
        }
        return super.addAnyChild(t);
    }
}
