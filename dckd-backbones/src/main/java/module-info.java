/** dckd backbones: DJL ports of the official restoration networks, named by their state-dict keys, and checkpoint readers. */
module io.dckd.backbones {
    requires transitive io.dckd.core;
    requires org.slf4j;

    exports io.dckd.backbones.common;
    exports io.dckd.backbones.rcan;
    exports io.dckd.backbones.edsr;
    exports io.dckd.backbones.swinir;
    exports io.dckd.backbones.checkpoint;

    provides io.dckd.core.spi.BackboneFactory with
            io.dckd.backbones.rcan.RCANFactory,
            io.dckd.backbones.edsr.EDSRFactory,
            io.dckd.backbones.swinir.SwinIRFactory;
}
