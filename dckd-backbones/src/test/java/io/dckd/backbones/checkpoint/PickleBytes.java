package io.dckd.backbones.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes pickle opcodes by hand (for hostile inputs) and wraps pickles in torch.save-style zips. */
final class PickleBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static PickleBytes proto(int p) {
        PickleBytes b = new PickleBytes();
        return b.op(0x80).op(p);
    }

    PickleBytes op(int code) {
        out.write(code);
        return this;
    }

    PickleBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    PickleBytes global(String module, String name) {
        return op('c').raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    PickleBytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        le32(b.length);
        return raw(b);
    }

    PickleBytes le32(long v) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
        return this;
    }

    PickleBytes integer(int v) {
        return op('J').le32(v);
    }

    PickleBytes mark() {
        return op('(');
    }

    PickleBytes tuple() {
        return op('t');
    }

    PickleBytes emptyDict() {
        return op('}');
    }

    PickleBytes setitem() {
        return op('s');
    }

    PickleBytes reduce() {
        return op('R');
    }

    PickleBytes stop() {
        return op('.');
    }

    /** {@code _rebuild_tensor_v2(persid(('storage', torch.<cls>, key, 'cpu', numel)), offset, size, stride, False, OrderedDict())}. */
    PickleBytes tensor(String storageClass, String key, int numel, int offset, int[] size, int[] stride) {
        global("torch._utils", "_rebuild_tensor_v2").mark();
        mark().str("storage").global("torch", storageClass).str(key).str("cpu").integer(numel).tuple().op('Q');
        integer(offset);
        mark();
        for (int s : size) {
            integer(s);
        }
        tuple().mark();
        for (int s : stride) {
            integer(s);
        }
        tuple().op(0x89).global("collections", "OrderedDict").op(')').reduce();
        return tuple().reduce();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** A torch.save-style zip: archive/data.pkl, the storages under archive/data/, archive/version. */
    static Path torchZip(Path file, byte[] pkl, Map<String, byte[]> storages) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        if (pkl != null) {
            entries.put("archive/data.pkl", pkl);
        }
        storages.forEach((k, v) -> entries.put("archive/data/" + k, v));
        entries.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                ze.setMethod(ZipEntry.STORED);
                ze.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                ze.setCrc(crc.getValue());
                zip.putNextEntry(ze);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }
}
