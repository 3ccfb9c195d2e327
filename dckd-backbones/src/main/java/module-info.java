/** dckd backbones: DJL blocks of the image-restoration networks, and checkpoint readers. */
module io.dckd.backbones {
    requires transitive io.dckd.core;
    requires org.slf4j;

    exports io.dckd.backbones.checkpoint;
}
