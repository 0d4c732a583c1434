package dev.flywall.runtime.watchdog;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The methods and fields a compiled class refers to, read from its constant pool (JVMS §4.4):
 * every call, method reference and field access the class makes is one of these entries, named
 * by its owner class, so {@code Group.stickyTimeout()} is told apart from any other
 * {@code stickyTimeout()}.
 */
final class ConstantPool {

    private ConstantPool() {}

    /** {@code owner/Class.member} for every Methodref, InterfaceMethodref and Fieldref. */
    static Set<String> references(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNames = new int[count];
        int[][] memberRefs = new int[count][];
        int[] nameOfNameAndType = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames[i] = in.readUnsignedShort();
                case 9, 10, 11 -> memberRefs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 12 -> {
                    nameOfNameAndType[i] = in.readUnsignedShort();
                    in.readUnsignedShort();
                }
                case 3, 4, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // a long or double takes two entries
                }
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> out = new HashSet<>();
        for (int[] ref : memberRefs) {
            if (ref != null) {
                out.add(utf8[classNames[ref[0]]] + "." + utf8[nameOfNameAndType[ref[1]]]);
            }
        }
        return out;
    }
}
